import { ATTR_DRIFTWATCH_COST_UNKNOWN, ATTR_DRIFTWATCH_COST_USD } from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';

/** Scopes of Driftwatch's own in-process instrumentation: their spans were processed already. */
const DRIFTWATCH_SCOPE_PREFIX = '@driftwatch/';

/**
 * Instrumentations known to record `gen_ai.client.token.usage` and `gen_ai.client.operation.duration`
 * themselves (the JS and Python contrib instrumentations, the Python GenAI utilities they share, OpenLLMetry's
 * Python OpenAI and Anthropic ones): the gateway does not derive those two for their spans, even before their
 * metrics (exported on another schedule) arrive.
 */
const SCOPES_WITH_CLIENT_METRICS = new Set([
  '@opentelemetry/instrumentation-openai',
  'opentelemetry.util.genai.handler',
  'opentelemetry.instrumentation.openai_v2',
  'opentelemetry.instrumentation.openai.v1',
  'opentelemetry.instrumentation.anthropic',
  'opentelemetry.instrumentation.openai_agents',
  'opentelemetry.instrumentation.google_genai',
  'opentelemetry.instrumentation.vertexai',
  'opentelemetry.instrumentation.langchain',
]);

/** Whether Driftwatch processed this span in its process (its scope, or the cost processor's mark). */
export function processedInProcess(scopeName: string, attributes: Attributes): boolean {
  return (
    scopeName.startsWith(DRIFTWATCH_SCOPE_PREFIX) ||
    attributes[ATTR_DRIFTWATCH_COST_USD] !== undefined ||
    attributes[ATTR_DRIFTWATCH_COST_UNKNOWN] !== undefined
  );
}

export function scopeRecordsClientMetrics(scopeName: string): boolean {
  return SCOPES_WITH_CLIENT_METRICS.has(scopeName);
}
