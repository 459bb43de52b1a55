import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportInternalError } from '../internal/guard';
import type { OpenAIInstrumentation } from '../openai/instrumentation';

const REGISTER_SPECIFIER = '@driftwatch/instrumentation/register';
const IMPORT_CONDITIONS = new Set(['import', 'node', 'module-sync', 'default']);

/** True when this process preloads Driftwatch with `--import`/`--require` (command line or NODE_OPTIONS). */
export function isPreloaded(): boolean {
  const argumentsText = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  return argumentsText.includes(REGISTER_SPECIFIER);
}

/** The file an `exports` entry points to under the `import` conditions. */
function importTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return undefined;
  for (const [condition, value] of Object.entries(target)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const found = importTarget(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findPackageRoot(file: string, name: string): string | undefined {
  for (let directory = dirname(file); directory !== dirname(directory); directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === name) return directory;
    } catch {
      // No manifest here: keep walking up.
    }
  }
  return undefined;
}

/**
 * For `import '@driftwatch/instrumentation/register'` as the first line of an ES module app: the app's modules
 * were linked before any hook could run, so load the app's own copy of `openai` (resolved from the app's entry
 * file, the very module instance the app imported) and patch its classes before the app's code runs.
 */
export async function patchAppOpenAI(instrumentation: OpenAIInstrumentation): Promise<void> {
  const entry = process.argv[1];
  if (entry === undefined) return;
  let mainFile: string;
  try {
    mainFile = createRequire(resolve(entry)).resolve('openai');
  } catch {
    return; // The app has no openai to patch.
  }
  try {
    const root = findPackageRoot(mainFile, 'openai');
    if (root === undefined) return;
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version?: string;
      exports?: Record<string, unknown>;
      module?: string;
      main?: string;
    };
    const target = importTarget(manifest.exports?.['.']) ?? manifest.module ?? manifest.main ?? 'index.js';
    const namespace: unknown = await import(pathToFileURL(join(root, target)).href);
    instrumentation.patch(namespace, manifest.version);
  } catch (error) {
    reportInternalError('patch-app-openai', error);
  }
}
