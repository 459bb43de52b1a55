import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import { asArray, asCount, asNumber, asRecord, asString, type UnknownRecord } from '../internal/readers';

/** The request parameters of a Messages API body that the conventions name. */
export function setMessagesRequestAttributes(body: UnknownRecord, attributes: Attributes): void {
  const maxTokens = asCount(body.max_tokens);
  if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens;
  const temperature = asNumber(body.temperature);
  if (temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = temperature;
  const topP = asNumber(body.top_p);
  if (topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = topP;
  const topK = asNumber(body.top_k);
  if (topK !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_K] = topK;
  const stop = asArray(body.stop_sequences);
  if (stop !== undefined && stop.length > 0 && stop.every((item) => typeof item === 'string')) {
    attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop as string[];
  }
  // Structured outputs: `output_config.format` (and the older beta `output_format`).
  const format = asRecord(asRecord(body.output_config)?.format) ?? asRecord(body.output_format);
  if (asString(format?.type) === 'json_schema') attributes[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE_VALUE_JSON;
}
