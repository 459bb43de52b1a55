import type { Attributes } from '@opentelemetry/api';
import { normalizeLegacyGenAi } from './legacy-genai';
import { Normalization } from './normalization';
import { normalizeOpenInference } from './openinference';
import { normalizeOpenLlmetry } from './openllmetry';

/**
 * Gives a span from any GenAI instrumentation the pinned conventions' attributes: OpenInference first (its
 * `llm.model_name` must not be read as a request model), then OpenLLMetry, then the older conventions they and
 * OpenLIT and the contrib instrumentations share. Attributes the span already has are never overridden.
 */
export function normalizeSpan(attributes: Attributes, spanName: string): Normalization {
  const normalization = new Normalization(attributes);
  normalizeOpenInference(normalization, spanName);
  normalizeOpenLlmetry(normalization);
  normalizeLegacyGenAi(normalization);
  return normalization;
}
