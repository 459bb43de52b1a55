import type { AnthropicRequest } from './anthropic-request';
import type { PromptCache } from './prompt-cache';
import { estimateInputTokens, estimateTokens, type TokenUsage } from './token-usage';

/** Anthropic does not cache prefixes shorter than this (Sonnet and Opus; Haiku needs more). */
export const MINIMUM_CACHEABLE_TOKENS = 1024;

/** The usage of one Messages API answer, in Anthropic's split: `input_tokens` excludes both cache counts. */
export interface AnthropicUsage {
  inputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
  thinkingTokens: number;
}

/**
 * Counts the input with the mock's usual estimate and splits off the cached prefix: the first call with a
 * `cache_control` prefix of at least 1024 tokens writes it (cache creation), later identical ones read it.
 */
export function anthropicUsage(options: {
  request: AnthropicRequest;
  model: string;
  promptCache: PromptCache;
  contentTokens: number;
  thinkingTokens: number;
  growth: { inputTokens: number; outputTokens: number };
}): AnthropicUsage {
  const { request, growth } = options;
  const totalInput = estimateInputTokens(request.conversation.messageTexts) + growth.inputTokens;
  let cacheCreationTokens = 0;
  let cacheReadTokens = 0;
  const prefix = request.cachePrefix;
  const prefixTokens = prefix === undefined ? 0 : Math.min(estimateTokens(prefix), totalInput);
  if (prefix !== undefined && prefixTokens >= MINIMUM_CACHEABLE_TOKENS) {
    if (options.promptCache.lookUpAndStore({ model: options.model, prefix })) cacheReadTokens = prefixTokens;
    else cacheCreationTokens = prefixTokens;
  }
  return {
    inputTokens: totalInput - cacheCreationTokens - cacheReadTokens,
    cacheCreationTokens,
    cacheReadTokens,
    outputTokens: options.contentTokens + options.thinkingTokens + growth.outputTokens,
    thinkingTokens: options.thinkingTokens,
  };
}

/** The `usage` object of a Message as the API sends it. */
export function anthropicUsageBody(usage: AnthropicUsage) {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheCreationTokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: usage.outputTokens,
    ...(usage.thinkingTokens > 0 ? { output_tokens_details: { thinking_tokens: usage.thinkingTokens } } : {}),
    service_tier: 'standard',
  };
}

/** The usage as the server's stats count it: input with both cache counts, like the GenAI conventions. */
export function ledgerUsage(usage: AnthropicUsage): TokenUsage {
  return {
    inputTokens: usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens,
    outputTokens: usage.outputTokens,
    cachedTokens: usage.cacheReadTokens,
    reasoningTokens: usage.thinkingTokens,
  };
}
