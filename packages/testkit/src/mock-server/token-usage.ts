import { isReasoningModel } from './model-catalog';

/** Usage of one call, in the mock's own deterministic token arithmetic. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
}

/** About four characters a token, like the real tokenizers on English text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** ceil(characters / 4) over all message texts, plus 3 tokens of framing per message. */
export function estimateInputTokens(messageTexts: readonly string[]): number {
  const characters = messageTexts.reduce((total, text) => total + text.length, 0);
  return Math.ceil(characters / 4) + 3 * messageTexts.length;
}

/** Half the prompt, rounded down to a multiple of 128, once the prompt reaches 1024 tokens. */
export function cachedTokensFor(inputTokens: number): number {
  return inputTokens >= 1024 ? Math.floor(inputTokens / 2 / 128) * 128 : 0;
}

export function computeUsage(options: {
  model: string;
  inputTokens: number;
  contentTokens: number;
  growth: { inputTokens: number; outputTokens: number };
}): TokenUsage {
  const inputTokens = options.inputTokens + options.growth.inputTokens;
  const reasoningTokens = isReasoningModel(options.model) ? 64 + 2 * options.contentTokens : 0;
  return {
    inputTokens,
    outputTokens: options.contentTokens + reasoningTokens + options.growth.outputTokens,
    cachedTokens: cachedTokensFor(inputTokens),
    reasoningTokens,
  };
}

export function chatUsageBody(usage: TokenUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function responsesUsageBody(usage: TokenUsage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens, cache_write_tokens: 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
