import type { OpenAIInstrumentationConfig } from '../types';
import { OpenAIInstrumentation } from './instrumentation';

let defaultInstrumentation: OpenAIInstrumentation | undefined;

/** The process-wide OpenAI instrumentation that `register` and {@link instrumentOpenAI} share. */
export function defaultOpenAIInstrumentation(config?: OpenAIInstrumentationConfig): OpenAIInstrumentation {
  if (defaultInstrumentation === undefined) defaultInstrumentation = new OpenAIInstrumentation(config);
  else if (config !== undefined) defaultInstrumentation.setConfig(config);
  return defaultInstrumentation;
}

/**
 * Patches an `openai` module or `OpenAI` class that the import hooks cannot see (bundled apps, or a copy loaded
 * before Driftwatch started): `instrumentOpenAI(OpenAI)`. Idempotent; returns whether its calls are now traced.
 */
export function instrumentOpenAI(openAIModuleOrClass: unknown): boolean {
  return defaultOpenAIInstrumentation().patch(openAIModuleOrClass);
}
