import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
} from '@opentelemetry/instrumentation';
import { reportInternalError, warnOnce } from '../../internal/guard';
import { warnIfImportHookMissing } from '../../internal/import-hook-check';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../internal/package-info';
import { lazyModule } from '../shared/lazy-module';
import { prototypeOf, unwrap, wrapOnce } from '../shared/method-patch';

/** The bridge's code, loaded when the MCP SDK is. */
const clientBridge = lazyModule(() => require('./client-call-tool') as typeof import('./client-call-tool'));
const serverBridge = lazyModule(() => require('./server-tool-handler') as typeof import('./server-tool-handler'));

const MODULE_NAME = '@modelcontextprotocol/sdk';
const CLIENT_MODULE_NAME = '@modelcontextprotocol/client';
const CALL_TOOL_MARKER = Symbol.for('driftwatch.mcp.call_tool');
const SET_REQUEST_HANDLER_MARKER = Symbol.for('driftwatch.mcp.set_request_handler');

/** The modules that define the client and the low-level server, in both builds. */
const CLIENT_FILES = [`${MODULE_NAME}/dist/cjs/client/index.js`, `${MODULE_NAME}/dist/esm/client/index.js`];
const SERVER_FILES = [`${MODULE_NAME}/dist/cjs/server/index.js`, `${MODULE_NAME}/dist/esm/server/index.js`];

/**
 * OpenTelemetry instrumentation for the MCP TypeScript SDK (`@modelcontextprotocol/sdk` 1.x, and the client of SDK 2,
 * `@modelcontextprotocol/client`). Client: each
 * `client.callTool` as an `execute_tool {tool}` CLIENT span (`gen_ai.tool.type=extension`, MCP attributes, the
 * server's name), its failures classified, and the trace context propagated in `params._meta`. Server: each
 * `tools/call` handled (`McpServer` tools or a low-level `Server` handler) as a `tools/call {tool}` SERVER span in
 * the caller's trace. Add it to your own NodeSDK, or let `register` do it.
 */
export class MCPInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  override enable(): void {
    super.enable();
    warnIfImportHookMissing();
  }

  protected init() {
    const files = [
      ...CLIENT_FILES.map(
        (file) =>
          new InstrumentationNodeModuleFile(
            file,
            ['>=1 <2'],
            (moduleExports: unknown) => {
              this.patchClient(moduleExports);
              return moduleExports;
            },
            (moduleExports: unknown) => unwrap(prototypeOf(moduleExports, 'Client'), 'callTool', CALL_TOOL_MARKER),
          ),
      ),
      ...SERVER_FILES.map(
        (file) =>
          new InstrumentationNodeModuleFile(
            file,
            ['>=1 <2'],
            (moduleExports: unknown) => {
              this.patchServer(moduleExports);
              return moduleExports;
            },
            (moduleExports: unknown) =>
              unwrap(prototypeOf(moduleExports, 'Server'), 'setRequestHandler', SET_REQUEST_HANDLER_MARKER),
          ),
      ),
    ];
    return [
      new InstrumentationNodeModuleDefinition(MODULE_NAME, ['>=1 <2'], undefined, undefined, files),
      // SDK 2's client package, which `@openai/agents` uses for its MCP servers.
      new InstrumentationNodeModuleDefinition(
        CLIENT_MODULE_NAME,
        ['>=2 <3'],
        (moduleExports: unknown) => {
          this.patchClient(moduleExports);
          return moduleExports;
        },
        (moduleExports: unknown) => unwrap(prototypeOf(moduleExports, 'Client'), 'callTool', CALL_TOOL_MARKER),
      ),
    ];
  }

  /** Patches a loaded `@modelcontextprotocol/sdk/client` module (its `Client` class). Idempotent. */
  patchClient(clientModule: unknown): boolean {
    let patched = false;
    try {
      patched = wrapOnce(prototypeOf(clientModule, 'Client'), 'callTool', CALL_TOOL_MARKER, (original) =>
        clientBridge().wrapCallTool(original, () => this.isEnabled()),
      );
    } catch (error) {
      reportInternalError('mcp.patch', error);
      return false;
    }
    if (!patched) warnOnce('mcp.client.shape', `${MODULE_NAME} client was loaded but Client.callTool was not found`);
    return patched;
  }

  /** Patches a loaded `@modelcontextprotocol/sdk/server` module (its `Server` class, which `McpServer` uses). */
  patchServer(serverModule: unknown): boolean {
    const instrumentation = this;
    const host = {
      isEnabled: () => instrumentation.isEnabled(),
      get tracer() {
        return instrumentation.tracer;
      },
    };
    let patched = false;
    try {
      patched = wrapOnce(
        prototypeOf(serverModule, 'Server'),
        'setRequestHandler',
        SET_REQUEST_HANDLER_MARKER,
        (original) => serverBridge().wrapSetRequestHandler(original, host),
      );
    } catch (error) {
      reportInternalError('mcp.patch', error);
      return false;
    }
    if (!patched) warnOnce('mcp.server.shape', `${MODULE_NAME} server was loaded but Server was not found`);
    return patched;
  }
}
