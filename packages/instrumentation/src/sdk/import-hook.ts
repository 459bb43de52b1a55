import { createRequire, register as registerLoader } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportInternalError } from '../internal/guard';
import { markImportHookRegistered } from '../internal/import-hook-state';
import { defaultOpenAIInstrumentation } from '../openai/default-instrumentation';
import { registerEsmLoadHook } from './esm-load-hook';
import { esmPatchTargets } from './esm-patch-targets';

/**
 * The only modules the ES module hook wraps; hooking everything breaks some packages' ESM builds. The MCP SDK is
 * imported by subpath (`…/client/index.js`, and its `McpServer` imports the server module relatively), so its two
 * patched files are matched by their resolved URL.
 */
const HOOKED_MODULES: Array<string | RegExp> = [
  'openai',
  '@anthropic-ai/sdk',
  '@openai/agents-core',
  'ai',
  '@modelcontextprotocol/client',
  /\/@modelcontextprotocol\/sdk\/dist\/esm\/(client|server)\/index\.js$/,
];

interface SyncHooks {
  register(options: { include: Array<string | RegExp> }): void;
}

/** Whether this Node's `module.registerHooks` can run a synchronous loader (import-in-the-middle's check). */
function supportsSyncHooks(): boolean {
  const check = require('import-in-the-middle/supports-sync-hooks.mjs') as { supportsSyncHooks(): boolean };
  return check.supportsSyncHooks();
}

/** import-in-the-middle's hook for `include`: in-thread where Node supports it, the loader thread otherwise. */
function registerImportInTheMiddle(include: Array<string | RegExp>, inThread: boolean): void {
  if (inThread) {
    (require('import-in-the-middle/register-hooks.mjs') as SyncHooks).register({ include });
    return;
  }
  registerLoader('import-in-the-middle/hook.mjs', pathToFileURL(__filename), { data: { include } });
}

let registered = false;

/**
 * Installs the import-in-the-middle hook for ES modules, so `import OpenAI from 'openai'` (and the other SDKs and
 * frameworks Driftwatch traces) is patched like `require('openai')` by the instrumentations registered with the
 * SDK: in-thread hooks where Node supports them (24.11.1+, 22.22.3+), the loader thread otherwise. For apps with
 * their own NodeSDK. Must run before the app's modules are linked, i.e. from `--import`/`--require`. Idempotent.
 */
export function registerImportHook(): void {
  if (registered) return;
  registered = true;
  markImportHookRegistered();
  try {
    registerImportInTheMiddle(HOOKED_MODULES, supportsSyncHooks());
  } catch (error) {
    reportInternalError('import-hook', error);
  }
}

/**
 * Frameworks whose ES modules need import-in-the-middle's module proxy: some of their exported functions are
 * replaced (the AI SDK 6 calls, the Agents SDK's `tool()` factory), which a real namespace does not allow.
 */
const PROXIED_PACKAGES = ['ai', '@openai/agents-core'];

/** Whether the app can import `packageName` (resolved from the working folder and the entry file, not loaded). */
function appHas(packageName: string): boolean {
  const bases = [join(process.cwd(), 'package.json')];
  if (process.argv[1] !== undefined) bases.push(resolve(process.argv[1]));
  return bases.some((base) => {
    try {
      createRequire(base).resolve(packageName);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `register`'s ES module hook, which touches only the modules Driftwatch patches: a one-lookup in-thread hook
 * hands the namespaces of openai, the Anthropic SDK and the MCP SDK to the process-wide instrumentations (their
 * classes are patched through prototypes). import-in-the-middle, which runs for every module an app loads, is added
 * only for the frameworks that need its proxy (the AI SDK, the Agents SDK), and only when the app has them. On a
 * Node without usable synchronous hooks, import-in-the-middle's loader thread does it all. Idempotent.
 */
export function registerLeanImportHook(): void {
  if (registered) return;
  registered = true;
  markImportHookRegistered();
  try {
    if (!supportsSyncHooks()) {
      registerImportInTheMiddle(HOOKED_MODULES, false);
      return;
    }
    const proxied = PROXIED_PACKAGES.filter(appHas);
    const targets = esmPatchTargets(defaultOpenAIInstrumentation());
    registerEsmLoadHook(targets.filter((target) => !proxied.includes(target.packageName)));
    if (proxied.length > 0) registerImportInTheMiddle(proxied, true);
  } catch (error) {
    reportInternalError('import-hook', error);
  }
}
