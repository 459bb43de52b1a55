import type { DriftwatchProcessorsOptions, RequirePinnedModels } from '@driftwatch/processors';
import type { StreamUsageMode } from '@driftwatch/processors/internal';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { AnthropicInstrumentationConfig } from './anthropic/types';

export type { StreamUsageMode };

/** Options of {@link OpenAIInstrumentation}; each falls back to its environment variable, then its default. */
export interface OpenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions, system instructions and tool definitions on spans as `gen_ai.input.messages`,
   * `gen_ai.output.messages`, `gen_ai.system_instructions` and `gen_ai.tool.definitions` (JSON).
   * Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. Default: false.
   */
  captureMessageContent?: boolean;
  /**
   * Upper bound, in characters, of each captured content attribute; longer content is shortened so that the
   * JSON stays valid. Env: `DRIFTWATCH_CONTENT_MAX_LENGTH`. Default: 16384.
   */
  contentMaxLength?: number;
  /**
   * On streamed chat completions that did not ask for `stream_options.include_usage`, ask for it so token usage
   * is exact, and hide the extra usage chunk so the app sees the very chunks it would without Driftwatch.
   * `auto`: only where the endpoint is known to accept the field (the OpenAI API at `api.openai.com`; Azure OpenAI
   * at api-version 2024-10-21, 2024-09-01-preview or later, or its v1 API). `always`: every endpoint (for
   * OpenAI-compatible servers you know accept it). `never`: no endpoint. `true` and `false` are read as `auto` and
   * `never`. A stream that ends without usage is recorded without token counts and counted in
   * `driftwatch.telemetry.dropped` (reason `usage_missing`). Env: `DRIFTWATCH_STREAM_USAGE`. Default: `auto`.
   */
  streamUsage?: boolean | StreamUsageMode;
  /**
   * With `error`, a call that names a floating model alias (`gpt-4o-mini` rather than `gpt-4o-mini-2024-07-18`)
   * fails before it is sent: `create()` throws an `UnpinnedModelError` synchronously, so `await client…create()`
   * in a try/catch handles it like any API error. Names whose pinning is unknown are never refused.
   * `warn` and `off` send every call (the processors log `warn`). Env: `DRIFTWATCH_REQUIRE_PINNED_MODELS`.
   * Default: `off`.
   */
  requirePinnedModels?: RequirePinnedModels;
}

/** Options of the one-line start (`register`) and of {@link startDriftwatch}. */
export interface DriftwatchOptions {
  /** Options for the `openai` instrumentation. */
  openai?: OpenAIInstrumentationConfig;
  /** Options for the `@anthropic-ai/sdk` instrumentation. */
  anthropic?: AnthropicInstrumentationConfig;
  /**
   * Options of the span processors (cost, model drift, context window, per-run roll-ups, quality scores), or
   * `false` to leave them out. Their `requirePinnedModels` defaults to the openai option's, and
   * `evaluation.captureContent` (explanations on evaluation events) to the openai option's `captureMessageContent`.
   */
  processors?: DriftwatchProcessorsOptions | false;
  /**
   * Longest time, in milliseconds, that flushing telemetry may hold the process when it ends or receives
   * SIGTERM/SIGINT. Env: `DRIFTWATCH_SHUTDOWN_TIMEOUT_MS`. Default: 3000.
   */
  shutdownTimeoutMillis?: number;
}

/**
 * The OpenTelemetry providers a started Driftwatch registered (undefined for a signal whose exporter is `none`).
 * Its SDK is bundled with Driftwatch, so its types are the API's, with the flush every provider has.
 */
export interface DriftwatchSdk {
  readonly tracerProvider: (TracerProvider & { forceFlush(): Promise<void> }) | undefined;
  readonly meterProvider: (MeterProvider & { forceFlush(): Promise<void> }) | undefined;
  readonly loggerProvider: { forceFlush(): Promise<void> } | undefined;
  /** Flushes and stops every provider. */
  shutdown(): Promise<void>;
}

/** A started Driftwatch: its OpenTelemetry SDK, and a bounded shutdown that flushes everything. */
export interface Driftwatch {
  readonly sdk: DriftwatchSdk;
  /**
   * Flushes and stops telemetry within the shutdown timeout; resolves true when everything was flushed in time.
   * Safe to call more than once.
   */
  shutdown(): Promise<boolean>;
}
