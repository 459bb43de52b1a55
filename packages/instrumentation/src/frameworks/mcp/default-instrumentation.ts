import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { MCPInstrumentation } from './instrumentation';

let defaultInstrumentation: MCPInstrumentation | undefined;

/** The process-wide MCP instrumentation that `register` and {@link instrumentMCP} share. */
export function defaultMCPInstrumentation(config?: InstrumentationConfig): MCPInstrumentation {
  if (defaultInstrumentation === undefined) defaultInstrumentation = new MCPInstrumentation(config);
  else if (config !== undefined) defaultInstrumentation.setConfig(config);
  return defaultInstrumentation;
}

/**
 * Patches MCP SDK modules the import hooks cannot see (bundled apps): pass the client module
 * (`@modelcontextprotocol/sdk/client/index.js`), the server module (`…/server/index.js`), or both. Idempotent;
 * returns whether anything is traced now.
 */
export function instrumentMCP(...mcpModules: unknown[]): boolean {
  const instrumentation = defaultMCPInstrumentation();
  let patched = false;
  for (const mcpModule of mcpModules) {
    const record = mcpModule as Record<string, unknown> | undefined;
    if (typeof record?.Client === 'function') patched = instrumentation.patchClient(mcpModule) || patched;
    if (typeof record?.Server === 'function') patched = instrumentation.patchServer(mcpModule) || patched;
  }
  return patched;
}
