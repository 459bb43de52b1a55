import { register as registerLoader } from 'node:module';
import { pathToFileURL } from 'node:url';
import { reportInternalError } from '../internal/guard';

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
  supportsSyncHooks(): boolean;
  register(options: { include: Array<string | RegExp> }): void;
}

let registered = false;

/** Whether {@link registerImportHook} has run in this process. */
export function isImportHookRegistered(): boolean {
  return registered;
}

/**
 * Installs the import-in-the-middle hook for ES modules, so `import OpenAI from 'openai'` (and the other SDKs and
 * frameworks Driftwatch traces) is patched like `require('openai')`: in-thread hooks where Node supports them (24.11.1+, 22.22.3+), the loader thread otherwise.
 * Must run before the app's modules are linked, i.e. from `--import`/`--require`. Idempotent.
 */
export function registerImportHook(): void {
  if (registered) return;
  registered = true;
  try {
    const syncHooks = require('import-in-the-middle/register-hooks.mjs') as SyncHooks;
    if (syncHooks.supportsSyncHooks()) {
      syncHooks.register({ include: HOOKED_MODULES });
      return;
    }
    registerLoader('import-in-the-middle/hook.mjs', pathToFileURL(__filename), { data: { include: HOOKED_MODULES } });
  } catch (error) {
    reportInternalError('import-hook', error);
  }
}
