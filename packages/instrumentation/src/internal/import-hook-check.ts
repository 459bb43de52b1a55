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

/** The first `@opentelemetry/instrumentation` whose import-in-the-middle sees `registerImportHook()`'s hook. */
const FIRST_HOOKED_INSTRUMENTATION_MINOR = 213;

/** The version of the `@opentelemetry/instrumentation` Driftwatch's instrumentations extend (the app's), or undefined. */
function instrumentationBaseVersion(): string | undefined {
  try {
    return nearestPackageVersion(require.resolve('@opentelemetry/instrumentation'), '@opentelemetry/instrumentation');
  } catch {
    return undefined;
  }
}

function nearestPackageVersion(file: string, name: string): string | undefined {
  let directory = dirname(file);
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name) return manifest.version;
    } catch {
      // No package.json here: look further up.
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** Whether an `@opentelemetry/instrumentation` version predates the import-in-the-middle Driftwatch's hook feeds. */
export function predatesSharedImportHook(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major === 0 && minor !== undefined && minor < FIRST_HOOKED_INSTRUMENTATION_MINOR;
}

let scheduled = false;

/**
 * Once per process, after the code that enabled the instrumentations has run: warns through `diag` when the app
 * is an ES module and no import hook is installed, or its `@opentelemetry/instrumentation` is too old to see the
 * one `registerImportHook()` installs, because `import OpenAI from 'openai'` (and the other SDKs) then cannot be
 * patched, and says what to do.
 */
export function warnIfImportHookMissing(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    try {
      if (!entryIsESModule()) return;
      const baseVersion = isImportHookRegistered() ? instrumentationBaseVersion() : undefined;
      if (baseVersion !== undefined && predatesSharedImportHook(baseVersion)) {
        warnOnce(
          'import-hook-too-old',
          `this ES module app has @opentelemetry/instrumentation ${baseVersion}, whose import-in-the-middle does not ` +
            'see the hook registerImportHook() installs, so `import` of openai and the other SDKs is not traced. ' +
            `Upgrade @opentelemetry/instrumentation (and sdk-node) to 0.${FIRST_HOOKED_INSTRUMENTATION_MINOR} or later.`,
        );
        return;
      }
      if (importHookPresent()) return;
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
