// A fresh app outside the workspace, where nothing of the monorepo can be resolved: Driftwatch installed from the
// tarballs `npm pack` writes (as a user would install them), plus `openai` and `@opentelemetry/sdk-node`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_FILES, largeDependencyFiles } from './app-files.mjs';

const REPOSITORY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PACKED = ['packages/semconv', 'packages/processors', 'packages/instrumentation'];
export const DEFAULT_APP_DIRECTORY = join(homedir(), '.cache', 'driftwatch', 'startup-bench-app');

/** The version the workspace's lockfile pins for a package, so the app runs what the repository tests. */
function lockedVersion(name) {
  const lock = JSON.parse(readFileSync(join(REPOSITORY, 'package-lock.json'), 'utf8'));
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

function npm(args, cwd) {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
}

/**
 * Packs the built packages of `repository` (this one by default; another checkout to measure an older build) and
 * installs them, with openai and sdk-node, into `directory` (recreated).
 */
export function prepareFreshApp(directory = DEFAULT_APP_DIRECTORY, repository = REPOSITORY) {
  rmSync(directory, { recursive: true, force: true });
  const tarballs = join(directory, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  for (const path of PACKED) npm(['pack', '--pack-destination', tarballs], join(repository, path));
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'startup-bench-app', private: true }));
  for (const [name, text] of Object.entries(APP_FILES)) writeFileSync(join(directory, name), text);
  const packed = readdirSync(tarballs).map((file) => `./tarballs/${file}`);
  npm(
    [
      'install',
      '--prefer-offline',
      ...packed,
      `openai@${lockedVersion('openai')}`,
      `@opentelemetry/sdk-node@${lockedVersion('@opentelemetry/sdk-node')}`,
    ],
    directory,
  );
  writeAppFiles(directory, largeDependencyFiles());
  return directory;
}

/** Writes files given by path under `directory`, creating their folders. */
export function writeAppFiles(directory, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
}
