import type { ResponseDetails } from '../genai/response-details';
import { asCount, asRecord } from '../internal/readers';

/**
 * The token counts of a Message, gathered from its `usage` (or, streamed, from `message_start` and then the totals
 * of `message_delta`, which replace them). Anthropic's `input_tokens` leaves out the cache, so the conventions'
 * input is the sum of the three; a count never reported stays unknown, never 0.
 */
export class AnthropicUsageCounts {
  private input: number | undefined;
  private cacheRead: number | undefined;
  private cacheCreation: number | undefined;
  private output: number | undefined;
  private thinking: number | undefined;

  /** Takes the counts `usage` has; `output` says whether its `output_tokens` is final (not `message_start`'s). */
  merge(usage: unknown, options: { output: boolean }): void {
    const record = asRecord(usage);
    if (record === undefined) return;
    this.input = asCount(record.input_tokens) ?? this.input;
    this.cacheRead = asCount(record.cache_read_input_tokens) ?? this.cacheRead;
    this.cacheCreation = asCount(record.cache_creation_input_tokens) ?? this.cacheCreation;
    if (!options.output) return;
    this.output = asCount(record.output_tokens) ?? this.output;
    this.thinking = asCount(asRecord(record.output_tokens_details)?.thinking_tokens) ?? this.thinking;
  }

  applyTo(details: ResponseDetails): void {
    if (this.input !== undefined) details.inputTokens = this.input + (this.cacheRead ?? 0) + (this.cacheCreation ?? 0);
    if (this.cacheRead !== undefined) details.cacheReadTokens = this.cacheRead;
    if (this.cacheCreation !== undefined) details.cacheCreationTokens = this.cacheCreation;
    if (this.output !== undefined) details.outputTokens = this.output;
    if (this.thinking !== undefined) details.reasoningTokens = this.thinking;
  }
}
