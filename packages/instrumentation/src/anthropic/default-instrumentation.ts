import { AnthropicInstrumentation } from './instrumentation';
import type { AnthropicInstrumentationConfig } from './types';

let defaultInstrumentation: AnthropicInstrumentation | undefined;

/** The process-wide Anthropic instrumentation that `register` and {@link instrumentAnthropic} share. */
export function defaultAnthropicInstrumentation(config?: AnthropicInstrumentationConfig): AnthropicInstrumentation {
  if (defaultInstrumentation === undefined) defaultInstrumentation = new AnthropicInstrumentation(config);
  else if (config !== undefined) defaultInstrumentation.setConfig(config);
  return defaultInstrumentation;
}

/**
 * Patches an `@anthropic-ai/sdk` module or `Anthropic` class that the import hooks cannot see (bundled apps, or a
 * copy loaded before Driftwatch started): `instrumentAnthropic(Anthropic)`. Idempotent; returns whether its calls
 * are now traced.
 */
export function instrumentAnthropic(anthropicModuleOrClass: unknown): boolean {
  return defaultAnthropicInstrumentation().patch(anthropicModuleOrClass);
}
