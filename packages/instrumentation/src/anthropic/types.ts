import type { RequirePinnedModels } from '@driftwatch/processors';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Options of {@link AnthropicInstrumentation}; each falls back to its environment variable, then its default. */
export interface AnthropicInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions, the system prompt and tool definitions on spans as `gen_ai.input.messages`,
   * `gen_ai.output.messages`, `gen_ai.system_instructions` and `gen_ai.tool.definitions` (JSON, secrets redacted).
   * Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. Default: false.
   */
  captureMessageContent?: boolean;
  /**
   * Upper bound, in characters, of each captured content attribute; longer content is shortened so that the JSON
   * stays valid. Env: `DRIFTWATCH_CONTENT_MAX_LENGTH`. Default: 16384.
   */
  contentMaxLength?: number;
  /**
   * `error`: a request that names a floating alias (`claude-haiku-4-5` rather than `claude-haiku-4-5-20251001`)
   * throws `UnpinnedModelError` before it is sent; `warn` logs once per alias. Env:
   * `DRIFTWATCH_REQUIRE_PINNED_MODELS`. Default: off.
   */
  requirePinnedModels?: RequirePinnedModels;
}
