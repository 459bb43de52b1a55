import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPOSITORY_ROOT } from './published-packages';

/** npm settings a parent `npm test` exports that must not steer the apps' installs; the cache and registry stay. */
const KEPT_NPM_VARIABLES = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);

function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  for (const key of Object.keys(env)) {
    if (key.toLowerCase().startsWith('npm_') && !KEPT_NPM_VARIABLES.has(key.toLowerCase())) delete env[key];
  }
  delete env.NODE_OPTIONS;
  return env;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end without blocking this process (the mock servers live in it). */
export function runCommand(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: npmEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm install` from the local cache where it can; throws with npm's own words when it fails. */
export async function npmInstall(cwd: string, specifiers: readonly string[]): Promise<CommandResult> {
  const result = await runCommand(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=warn', ...specifiers],
    cwd,
  );
  if (result.code !== 0) throw new Error(`npm install ${specifiers.join(' ')} failed:\n${result.stderr}`);
  return result;
}

/** A temporary folder outside the repository, removed by the returned function. */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * `npm run pack -- --out <folder> --no-build`: the published packages' tarballs, from the dist folders `npm test`
 * (or `npm run build`) built before the tests started; not rebuilt here, since other tests read them meanwhile.
 */
export async function packTarballs(folder: string): Promise<string[]> {
  const result = await runCommand(
    process.execPath,
    [join(REPOSITORY_ROOT, 'scripts', 'pack.mjs'), '--out', folder, '--no-build'],
    REPOSITORY_ROOT,
  );
  if (result.code !== 0) throw new Error(`npm run pack failed:\n${result.stderr}`);
  return result.stdout.trim().split('\n');
}

/** A new app: a package.json, and two entry folders, `esm/` (`"type": "module"`) and `cjs/`, sharing its node_modules. */
export function createApp(root: string, files: { esm: Record<string, string>; cjs: Record<string, string> }): void {
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  for (const kind of ['esm', 'cjs'] as const) {
    mkdirSync(join(root, kind));
    const type = kind === 'esm' ? 'module' : 'commonjs';
    writeFileSync(join(root, kind, 'package.json'), `${JSON.stringify({ type })}\n`);
    for (const [name, content] of Object.entries(files[kind])) writeFileSync(join(root, kind, name), content);
  }
}

/** Every installed copy of a package under an app's node_modules: the versions, by folder. */
export function installedCopies(appRoot: string, name: string): Record<string, string> {
  const copies: Record<string, string> = {};
  const visit = (nodeModules: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(nodeModules);
    } catch {
      return;
    }
    for (const entry of entries) {
      const names = entry.startsWith('@')
        ? readdirSync(join(nodeModules, entry)).map((child) => `${entry}/${child}`)
        : [entry];
      for (const packageName of names) {
        const folder = join(nodeModules, packageName);
        if (!statSync(folder).isDirectory()) continue;
        if (packageName === name) {
          copies[folder.slice(appRoot.length + 1)] = (
            JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }
          ).version;
        }
        visit(join(folder, 'node_modules'));
      }
    }
  };
  visit(join(appRoot, 'node_modules'));
  return copies;
}
