import {
  ATTR_GEN_AI_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';

/**
 * Readers for GenAI-convention spans from any instrumentation: the current names (v1.41.1) first, then the legacy
 * ones other instrumentations still emit (`gen_ai.system`, `gen_ai.usage.prompt_tokens`/`completion_tokens`,
 * `gen_ai.openai.response.system_fingerprint`). A value of the wrong type reads as absent.
 */

/** True for the operations that call a model and report usage: chat, text completion, generate content, embeddings. */
export function isInferenceOperation(operation: unknown): boolean {
  return (
    operation === GEN_AI_OPERATION_NAME_VALUE_CHAT ||
    operation === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS ||
    operation === GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION ||
    operation === GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT
  );
}

function stringAttribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A token count: a finite, non-negative integer. */
function countAttribute(attributes: Attributes, name: string): number | undefined {
  const value = attributes[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function providerOf(attributes: Attributes): string | undefined {
  return stringAttribute(attributes, ATTR_GEN_AI_PROVIDER_NAME) ?? stringAttribute(attributes, ATTR_GEN_AI_SYSTEM);
}

export function requestModelOf(attributes: Attributes): string | undefined {
  return stringAttribute(attributes, ATTR_GEN_AI_REQUEST_MODEL);
}

export function responseModelOf(attributes: Attributes): string | undefined {
  return stringAttribute(attributes, ATTR_GEN_AI_RESPONSE_MODEL);
}

export function systemFingerprintOf(attributes: Attributes): string | undefined {
  return (
    stringAttribute(attributes, ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT) ??
    stringAttribute(attributes, ATTR_GEN_AI_OPENAI_RESPONSE_SYSTEM_FINGERPRINT)
  );
}

/** Token usage of one call, in the conventions' terms: cached tokens are part of input, reasoning part of output. */
export interface CallUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheCreationTokens: number;
  readonly reasoningTokens: number;
}

export function inputTokensOf(attributes: Attributes): number | undefined {
  return (
    countAttribute(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS) ??
    countAttribute(attributes, ATTR_GEN_AI_USAGE_PROMPT_TOKENS)
  );
}

export function outputTokensOf(attributes: Attributes): number | undefined {
  return (
    countAttribute(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) ??
    countAttribute(attributes, ATTR_GEN_AI_USAGE_COMPLETION_TOKENS)
  );
}

/** The call's usage, or undefined when the span reports neither input nor output tokens. */
export function usageOf(attributes: Attributes): CallUsage | undefined {
  const inputTokens = inputTokensOf(attributes);
  const outputTokens = outputTokensOf(attributes);
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  return {
    inputTokens: inputTokens ?? 0,
    outputTokens: outputTokens ?? 0,
    cacheReadTokens: countAttribute(attributes, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS) ?? 0,
    cacheCreationTokens: countAttribute(attributes, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS) ?? 0,
    reasoningTokens: countAttribute(attributes, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS) ?? 0,
  };
}
