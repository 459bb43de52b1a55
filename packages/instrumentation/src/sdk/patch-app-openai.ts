import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportInternalError } from '../internal/guard';
import type { OpenAIInstrumentation } from '../openai/instrumentation';
import { type EsmPatchTarget, esmPatchTargets, type ModulePatcher } from './esm-patch-targets';

const IMPORT_CONDITIONS = new Set(['import', 'node', 'module-sync', 'default']);

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

/** A package's `exports` entry for a subpath (`./client/index.js`): an exact key, or a `./*` pattern filled in. */
function subpathEntry(exports: Record<string, unknown> | undefined, subpath: string): unknown {
  if (exports === undefined) return undefined;
  if (subpath in exports) return exports[subpath];
  for (const [key, value] of Object.entries(exports)) {
    const star = key.indexOf('*');
    if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
    const match = subpath.slice(star, subpath.length - (key.length - star - 1));
    return JSON.parse(JSON.stringify(value).replaceAll('*', match)) as unknown;
  }
  return undefined;
}

/** The folder of the package `name` that holds `file`. */
export function findPackageRoot(file: string, name: string): string | undefined {
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
 * Loads the app's own ES module copy of `packageName` (resolved from the app's entry file: the very module
 * instance the app imported) and patches it. Does nothing when the app has no such package.
 */
async function patchAppModule({ packageName, subpath, patch }: EsmPatchTarget): Promise<void> {
  const entry = process.argv[1];
  if (entry === undefined) return;
  let mainFile: string;
  try {
    // A subpath is resolved itself: some packages (the MCP SDK) have no root module.
    const specifier = subpath === '.' ? packageName : `${packageName}/${subpath.slice(2)}`;
    mainFile = createRequire(resolve(entry)).resolve(specifier);
  } catch {
    return; // The app does not depend on this package.
  }
  try {
    const root = findPackageRoot(mainFile, packageName);
    if (root === undefined) return;
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version?: string;
      exports?: Record<string, unknown>;
      module?: string;
      main?: string;
    };
    const target =
      subpath === '.'
        ? (importTarget(manifest.exports?.['.']) ?? manifest.module ?? manifest.main ?? 'index.js')
        : importTarget(subpathEntry(manifest.exports, subpath));
    if (target === undefined) return;
    const namespace: unknown = await import(pathToFileURL(join(root, target)).href);
    patch(namespace, manifest.version);
  } catch (error) {
    reportInternalError(`patch-app.${packageName}`, error);
  }
}

/**
 * For `import '@driftwatch/instrumentation/register'` as the first line of an ES module app: the app's modules
 * were linked before any hook could run, so load the app's own copies of `openai`, `@anthropic-ai/sdk`,
 * `@openai/agents-core` and the MCP SDK's client and server, and patch their classes before the app's code runs. `@anthropic-ai/sdk` is patched by `anthropicInstrumentation`
 * (the process-wide one by default).
 */
export async function patchAppOpenAI(
  instrumentation: OpenAIInstrumentation,
  anthropicInstrumentation?: ModulePatcher,
): Promise<void> {
  // Frameworks: prototypes of the app's own copies (AI SDK 7 needs nothing: its registry is global).
  await Promise.all(esmPatchTargets(instrumentation, anthropicInstrumentation).map(patchAppModule));
}
