#!/usr/bin/env node
// `npm run pack [-- --out <dir>]`: builds and packs every published package into `driftwatch-<name>-<version>.tgz`
// (in the repository root by default), for `npm install ./driftwatch-*.tgz` until the packages are on the registry.
// Each package's `prepack` builds it; the workspaces are packed in dependency order. `--no-build` packs the dist
// folders as they are, built by an earlier `npm run build` (the packaging test uses it: tests running beside it read
// those folders, which a build would rewrite under them).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { out: { type: 'string', default: root }, 'no-build': { type: 'boolean', default: false } },
});
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });

/** The published packages: workspaces under packages/ that are not private, in the root's workspace order. */
function publishedWorkspaces() {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return rootPackage.workspaces
    .filter((workspace) => workspace.startsWith('packages/'))
    .filter((workspace) => JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')).private !== true);
}

const build = !values['no-build'];
if (build) {
  const turbo = spawnSync(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (turbo.status !== 0) process.exit(turbo.status ?? 1);
}

const workspaceArgs = publishedWorkspaces().flatMap((workspace) => ['--workspace', workspace]);
const packArgs = ['pack', ...workspaceArgs, '--pack-destination', outDir, '--json', '--silent'];
if (!build) packArgs.push('--ignore-scripts');
const pack = spawnSync('npm', packArgs, {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (pack.status !== 0) process.exit(pack.status ?? 1);
for (const tarball of JSON.parse(pack.stdout)) console.log(join(outDir, tarball.filename));
