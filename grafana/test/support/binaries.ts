// Finds the backend binaries the tests run: on PATH, or in the cache .ci/run fills
// ($DRIFTWATCH_CACHE_DIR or ~/.cache/driftwatch; docker-compose v2 extracted from Debian trixie there).
// Missing under CI=true is a failure with the fix in the message; elsewhere the tests that need it are skipped,
// and say why in their names.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type BackendBinary = 'promtool' | 'prometheus' | 'prometheus-alertmanager' | 'amtool' | 'docker-compose';

const HOW_TO_INSTALL: Record<BackendBinary, string> = {
  promtool: 'apt-get install --no-install-recommends prometheus',
  prometheus: 'apt-get install --no-install-recommends prometheus',
  'prometheus-alertmanager': 'apt-get install --no-install-recommends prometheus-alertmanager',
  amtool: 'apt-get install --no-install-recommends prometheus-alertmanager',
  'docker-compose': 'bash .ci/run (extracts docker-compose v2 from Debian trixie into the cache)',
};

export function cacheDirectory(): string {
  return process.env.DRIFTWATCH_CACHE_DIR ?? join(homedir(), '.cache', 'driftwatch');
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The binary's path, or undefined. promtool is $DRIFTWATCH_PROMTOOL when that is set and executable (.ci/run sets it
 * to the promtool 3 it builds, so the alert-rule tests run on the compose stack's Prometheus major), else found on PATH.
 */
export function findBinary(name: BackendBinary): string | undefined {
  const promtool = process.env.DRIFTWATCH_PROMTOOL;
  if (name === 'promtool' && promtool !== undefined && promtool !== '' && isExecutable(promtool)) return promtool;
  const directories = [
    ...(process.env.PATH ?? '').split(delimiter).filter((directory) => directory !== ''),
    join(cacheDirectory(), 'docker-compose', 'root', 'usr', 'bin'),
  ];
  for (const directory of directories) {
    const candidate = join(directory, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export interface ResolvedBinaries<T extends BackendBinary> {
  /** Paths of the binaries found (all of them when `missing` is empty). */
  readonly paths: Record<T, string>;
  /** Names of the binaries not found. */
  readonly missing: T[];
  /** A suffix for test names when some are missing (`" (skipped: promtool not found)"`), else "". */
  readonly skipReason: string;
}

/**
 * Resolves the binaries a test file needs. Under CI=true a missing one throws (the suite fails and says how to
 * install it); elsewhere the caller skips, with the reason in the test name.
 */
export function requireBinaries<T extends BackendBinary>(...names: T[]): ResolvedBinaries<T> {
  const paths = {} as Record<T, string>;
  const missing: T[] = [];
  for (const name of names) {
    const path = findBinary(name);
    if (path === undefined) missing.push(name);
    else paths[name] = path;
  }
  if (missing.length > 0 && process.env.CI === 'true') {
    const fixes = missing.map((name) => `${name}: ${HOW_TO_INSTALL[name]}`).join('; ');
    throw new Error(`CI=true and required binaries are missing (${fixes})`);
  }
  const skipReason = missing.length === 0 ? '' : ` (skipped: ${missing.join(', ')} not found)`;
  return { paths, missing, skipReason };
}
