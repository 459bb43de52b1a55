import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { subscribeOperationFeatures } from '../../genai/operation-features';
import { GenAIMetrics } from '../../internal/genai-metrics';
import { reportInternalError } from '../../internal/guard';
import { warnIfImportHookMissing } from '../../internal/import-hook-check';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../../internal/package-info';
import { resolveOpenAIConfig } from '../../internal/resolved-config';
import { lazyModule } from '../shared/lazy-module';
import type { AISDKHost } from './host';
import { registerTelemetryIntegration } from './integration-registry';

/** AI SDK 6's bridge, loaded when `ai` 6 is (or is passed to `instrumentAISDK`). */
const v6Bridge = lazyModule(() => require('./v6-patch') as typeof import('./v6-patch'));

/** Options of {@link AISDKInstrumentation}; each falls back to its environment variable, then its default. */
export interface AISDKInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions and tool definitions of model calls (and tool arguments and results).
   * Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. Default: false.
   */
  captureMessageContent?: boolean;
  /** Upper bound, in characters, of each captured content attribute. Env: `DRIFTWATCH_CONTENT_MAX_LENGTH`. */
  contentMaxLength?: number;
}

interface ResolvedConfig {
  readonly captureMessageContent: boolean;
  readonly contentMaxLength: number;
}

function resolveConfig(config: AISDKInstrumentationConfig): ResolvedConfig {
  const { captureMessageContent, contentMaxLength } = resolveOpenAIConfig(config);
  return { captureMessageContent, contentMaxLength };
}

/**
 * OpenTelemetry instrumentation for the Vercel AI SDK (`ai` 7 and 6): `generateText`/`streamText` as an
 * `invoke_agent` span (the multi-step loop), every provider call as a `chat {model}` span with the provider's exact
 * usage, and every tool `execute` as an `execute_tool` span; `generateObject`/`streamObject` as their model call.
 * AI SDK 7 is traced through its global telemetry-integration registry (no patching, no `experimental_telemetry`
 * needed); AI SDK 6 by turning its `experimental_telemetry` on with a tracer that translates its `ai.*` spans.
 */
export class AISDKInstrumentation extends InstrumentationBase<AISDKInstrumentationConfig> {
  declare private genAIMetrics: GenAIMetrics;
  declare private resolvedConfig: ResolvedConfig;
  declare private cachedHost: AISDKHost | undefined;

  constructor(config: AISDKInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
    subscribeOperationFeatures();
  }

  override setConfig(config: AISDKInstrumentationConfig = {}): void {
    super.setConfig(config);
    this.resolvedConfig = resolveConfig(this._config);
  }

  protected override _updateMetricInstruments(): void {
    this.genAIMetrics = new GenAIMetrics(this.meter);
  }

  override enable(): void {
    super.enable();
    registerTelemetryIntegration(this.host);
    warnIfImportHookMissing();
  }

  protected init() {
    return new InstrumentationNodeModuleDefinition(
      'ai',
      ['>=6 <7'],
      (moduleExports: unknown) => this.patch(moduleExports),
      (moduleExports: unknown) => {
        if (moduleExports !== undefined) v6Bridge().unpatchAiV6Exports(moduleExports);
      },
    );
  }

  /**
   * Turns on the telemetry of an AI SDK 6 module (its CommonJS exports or ES module namespace) and returns the
   * exports to use: the namespace itself, or for CommonJS a copy with the traced functions. AI SDK 7 needs nothing:
   * its global registry is already set up when this instrumentation is enabled.
   */
  patch(aiModule: unknown): unknown {
    try {
      return v6Bridge().patchAiV6Exports(aiModule, this.host);
    } catch (error) {
      reportInternalError('ai_sdk.patch', error);
      return aiModule;
    }
  }

  /** What the AI SDK bridges use: this instrumentation's tracer, metrics and options. */
  get host(): AISDKHost {
    if (this.cachedHost === undefined) {
      const instrumentation = this;
      this.cachedHost = {
        isEnabled: () => instrumentation.isEnabled(),
        get tracer() {
          return instrumentation.tracer;
        },
        get metrics() {
          return instrumentation.genAIMetrics;
        },
        get config() {
          return instrumentation.resolvedConfig;
        },
        get captureContent() {
          return instrumentation.resolvedConfig.captureMessageContent;
        },
      };
    }
    return this.cachedHost;
  }
}
