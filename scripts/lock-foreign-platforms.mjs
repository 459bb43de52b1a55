#!/usr/bin/env node
// The registry mirror of these machines serves only linux-x64 builds, so `npm install` leaves the other platforms'
// optional binaries (biome, turbo) out of package-lock.json and `npm ci` then refuses the lock as out of sync.
// This adds a lock entry for each missing optional platform package (never installed here: os/cpu do not match).
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const platformOf = (name) => {
  const os = /android/.test(name)
    ? 'android'
    : /darwin/.test(name)
      ? 'darwin'
      : /win32|windows/.test(name)
        ? 'win32'
        : 'linux';
  const cpu = /arm64/.test(name) ? 'arm64' : 'x64';
  return { os: [os], cpu: [cpu], ...(/musl/.test(name) ? { libc: ['musl'] } : {}) };
};
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ''}node_modules/${name}`.replace(
      /^node_modules\/(.*)\/node_modules\//,
      'node_modules/',
    );
    if (lock.packages[`node_modules/${name}`] || lock.packages[key]) continue;
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...platformOf(name) };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} lock entries for other platforms`);
