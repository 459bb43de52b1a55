import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportInternalError } from '../internal/guard';
import type { EsmPatchTarget } from './esm-patch-targets';
import { findPackageRoot } from './patch-app-openai';

/** Where the patched modules report themselves once evaluated. */
const LOADED_CALLBACK = Symbol.for('@driftwatch/instrumentation.esm-module-loaded');

function versionOf(url: string, packageName: string): string | undefined {
  try {
    const root = findPackageRoot(fileURLToPath(url), packageName);
    if (root === undefined) return undefined;
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * The module's own source, then a self-import of its namespace handed to Driftwatch: the namespace is complete
 * once the module's body has run, and the import is hoisted like any other.
 */
function withReport(source: string, url: string, index: number): string {
  return (
    `${source}\n;import * as __driftwatchNamespace from ${JSON.stringify(url)};\n` +
    `globalThis[Symbol.for(${JSON.stringify(LOADED_CALLBACK.description)})]?.(${index}, ${JSON.stringify(url)}, __driftwatchNamespace);\n`
  );
}

/**
 * A synchronous in-thread module hook (`module.registerHooks`) that touches only the modules Driftwatch patches:
 * every other resolution and load passes straight through (one map lookup), so an app pays nothing for the modules
 * it loads. A target module gets one line appended that hands its namespace to its patcher when it has been
 * evaluated, before any importer runs.
 */
export function registerEsmLoadHook(targets: readonly EsmPatchTarget[]): void {
  const bySpecifier = new Map<string, number>();
  targets.forEach((target, index) => {
    if (target.specifier !== undefined) bySpecifier.set(target.specifier, index);
  });
  const targetUrls = new Map<string, number>();
  const patched = new Set<string>();
  (globalThis as Record<symbol, unknown>)[LOADED_CALLBACK] = (index: number, url: string, namespace: unknown) => {
    const target = targets[index];
    if (target === undefined || patched.has(url)) return;
    patched.add(url);
    try {
      target.patch(namespace, versionOf(url, target.packageName));
    } catch (error) {
      reportInternalError(`esm-hook.${target.packageName}`, error);
    }
  };
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      let index = bySpecifier.get(specifier);
      if (index === undefined && specifier.endsWith('.js')) {
        index = targets.findIndex((target) => target.url?.test(result.url) === true);
        if (index < 0) index = undefined;
      }
      if (index !== undefined && result.url.startsWith('file:')) targetUrls.set(result.url, index);
      return result;
    },
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      const index = targetUrls.get(url);
      if (index === undefined || result.format !== 'module' || result.source == null) return result;
      const source = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
      return { ...result, source: withReport(source, url, index) };
    },
  });
}
