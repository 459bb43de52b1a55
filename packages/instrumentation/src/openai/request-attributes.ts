import {
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
  GEN_AI_OUTPUT_TYPE_VALUE_TEXT,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import { asNumber, asRecord, asString, type UnknownRecord } from '../internal/readers';

/** Sampling parameters shared by chat completions and responses. */
export function setSamplingAttributes(body: UnknownRecord, attributes: Attributes): void {
  const temperature = asNumber(body.temperature);
  if (temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = temperature;
  const topP = asNumber(body.top_p);
  if (topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = topP;
  const frequencyPenalty = asNumber(body.frequency_penalty);
  if (frequencyPenalty !== undefined) attributes[ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY] = frequencyPenalty;
  const presencePenalty = asNumber(body.presence_penalty);
  if (presencePenalty !== undefined) attributes[ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY] = presencePenalty;
  const seed = asNumber(body.seed);
  if (seed !== undefined && Number.isInteger(seed)) attributes[ATTR_GEN_AI_REQUEST_SEED] = seed;
  const stop = body.stop;
  if (typeof stop === 'string') attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [stop];
  else if (Array.isArray(stop) && stop.every((item) => typeof item === 'string')) {
    attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop as string[];
  }
  const serviceTier = asString(body.service_tier);
  if (serviceTier !== undefined) attributes[ATTR_OPENAI_REQUEST_SERVICE_TIER] = serviceTier;
}

/** `gen_ai.output.type` from a `{ type: 'text' | 'json_object' | 'json_schema' }` format, when one was requested. */
export function setOutputTypeAttribute(format: unknown, attributes: Attributes): void {
  const type = asString(asRecord(format)?.type);
  if (type === 'json_object' || type === 'json_schema')
    attributes[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE_VALUE_JSON;
  else if (type === 'text') attributes[ATTR_GEN_AI_OUTPUT_TYPE] = GEN_AI_OUTPUT_TYPE_VALUE_TEXT;
}
