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

/** The bridge's code, loaded when the Agents SDK is. */
const bridge = lazyModule(() => require('./patch-module') as typeof import('./patch-module'));
const tools = lazyModule(() => require('./tool-factory') as typeof import('./tool-factory'));

const MODULE_NAME = '@openai/agents-core';
/** The CommonJS module that defines `tool()`: its export is what every other module's re-export reads. */
const TOOL_MODULE_FILE = `${MODULE_NAME}/dist/tool.js`;

/**
 * OpenTelemetry instrumentation for the OpenAI Agents SDK (`@openai/agents`, `@openai/agents-core` 0.x): each
 * `Runner.run` as an `invoke_agent` span of its agent, function tools (agents as tools and MCP tools included) as
 * `execute_tool` spans, handoffs and guardrails as events, with the model calls of the `openai` instrumentation
 * under the agent that made them. Works with the SDK's tracing replaced or disabled. Add it to your own NodeSDK,
 * or let `register` do it.
 */
export class OpenAIAgentsInstrumentation extends InstrumentationBase<InstrumentationConfig> {
  constructor(config: InstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  override enable(): void {
    super.enable();
    warnIfImportHookMissing();
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      MODULE_NAME,
      ['*'],
      (moduleExports: unknown) => {
        this.patch(moduleExports);
        return moduleExports;
      },
      (moduleExports: unknown) => {
        if (moduleExports !== undefined) bridge().unpatchAgentsModule(moduleExports);
      },
      [
        new InstrumentationNodeModuleFile(
          TOOL_MODULE_FILE,
          ['*'],
          (moduleExports: unknown) => {
            try {
              tools().patchToolExport(moduleExports);
            } catch (error) {
              reportInternalError('openai_agents.patch', error);
            }
            return moduleExports;
          },
          (moduleExports: unknown) => {
            if (moduleExports !== undefined) tools().unpatchToolExport(moduleExports);
          },
        ),
      ],
    );
  }

  /**
   * Patches one loaded copy of `@openai/agents-core` (or `@openai/agents`, which re-exports it) that the module
   * hooks cannot see. Idempotent; returns whether its runs are traced now.
   */
  patch(moduleExports: unknown): boolean {
    let patched = false;
    try {
      patched = bridge().patchAgentsModule(moduleExports, { isEnabled: () => this.isEnabled() });
    } catch (error) {
      reportInternalError('openai_agents.patch', error);
      return false;
    }
    if (!patched) {
      warnOnce(
        'openai_agents.shape',
        `${MODULE_NAME} was loaded but its Runner was not found; its runs are not traced`,
      );
    }
    return patched;
  }
}
