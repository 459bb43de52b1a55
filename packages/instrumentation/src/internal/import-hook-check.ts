import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { warnOnce } from './guard';
import { isImportHookRegistered } from './import-hook-state';

/** The `type` of the package.json nearest to a file, or undefined. */
function nearestPackageType(file: string): string | undefined {
  let directory = dirname(file);
  for (;;) {
    try {
      return (
        (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { type?: string }).type ?? 'commonjs'
      );
    } catch {
      const parent = dirname(directory);
      if (parent === directory) return undefined;
      directory = parent;
    }
  }
}

/** Whether the process's entry file is an ES module (`.mjs`, or `.js` under `"type": "module"`). */
function entryIsESModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  const extension = extname(entry);
  if (extension === '.mjs' || extension === '.mts') return true;
  if (extension === '.cjs' || extension === '.cts') return false;
  return nearestPackageType(entry) === 'module';
}

/** A command-line loader or import that installs an import-in-the-middle hook. */
const HOOK_ARGUMENT =
  /(import-in-the-middle|@opentelemetry\/instrumentation)\/hook\.mjs|@driftwatch\/instrumentation\/register/;

/** Whether some ES module hook that import-in-the-middle serves is in place: Driftwatch's, or one named on the command line. */
function importHookPresent(): boolean {
  if (isImportHookRegistered()) return true;
  if ((globalThis as { __import_in_the_middle_initialized__?: boolean }).__import_in_the_middle_initialized__)
    return true;
  return process.execArgv.some((argument) => HOOK_ARGUMENT.test(argument));
}

let scheduled = false;

/**
 * Once per process, after the code that enabled the instrumentations has run: warns through `diag` when the app
 * is an ES module and no import hook is installed, because `import OpenAI from 'openai'` (and the other SDKs) then
 * cannot be patched, and says what to add.
 */
export function warnIfImportHookMissing(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    try {
      if (!entryIsESModule() || importHookPresent()) return;
      warnOnce(
        'import-hook-missing',
        'this app is an ES module and no import hook is installed, so `import` of openai, @anthropic-ai/sdk, ' +
          '@openai/agents, ai or the MCP SDK cannot be patched and those calls are not traced. Call ' +
          "registerImportHook() from '@driftwatch/instrumentation' before sdk.start(), in a file loaded with " +
          '`node --import ./telemetry.mjs`, or start the app with `node --import @driftwatch/instrumentation/register`.',
      );
    } catch {
      // Only a diagnostic: never a reason to disturb the app.
    }
  }).unref();
}
