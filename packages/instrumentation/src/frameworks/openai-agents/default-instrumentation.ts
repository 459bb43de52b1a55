import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { OpenAIAgentsInstrumentation } from './instrumentation';

let defaultInstrumentation: OpenAIAgentsInstrumentation | undefined;

/** The process-wide OpenAI Agents SDK instrumentation that `register` and {@link instrumentOpenAIAgents} share. */
export function defaultOpenAIAgentsInstrumentation(config?: InstrumentationConfig): OpenAIAgentsInstrumentation {
  if (defaultInstrumentation === undefined) defaultInstrumentation = new OpenAIAgentsInstrumentation(config);
  else if (config !== undefined) defaultInstrumentation.setConfig(config);
  return defaultInstrumentation;
}

/**
 * Patches an `@openai/agents` (or `@openai/agents-core`) module the import hooks cannot see (bundled apps):
 * `instrumentOpenAIAgents(await import('@openai/agents'))`. Idempotent; returns whether its runs are now traced.
 */
export function instrumentOpenAIAgents(agentsModule: unknown): boolean {
  return defaultOpenAIAgentsInstrumentation().patch(agentsModule);
}
