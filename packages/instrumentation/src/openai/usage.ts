import type { ResponseDetails } from '../genai/response-details';
import { asCount, asRecord } from '../internal/readers';

/**
 * Copies token usage into `details`: Chat Completions (`prompt_tokens`, `completion_tokens`) and Responses
 * (`input_tokens`, `output_tokens`) shapes, with cached and reasoning details. Absent or malformed counts stay
 * undefined (unknown), never 0.
 */
export function readUsage(usage: unknown, details: ResponseDetails): void {
  const record = asRecord(usage);
  if (record === undefined) return;
  const input = asCount(record.input_tokens) ?? asCount(record.prompt_tokens);
  if (input !== undefined) details.inputTokens = input;
  const output = asCount(record.output_tokens) ?? asCount(record.completion_tokens);
  if (output !== undefined) details.outputTokens = output;
  const inputDetails = asRecord(record.input_tokens_details) ?? asRecord(record.prompt_tokens_details);
  const cached = asCount(inputDetails?.cached_tokens);
  if (cached !== undefined) details.cacheReadTokens = cached;
  const outputDetails = asRecord(record.output_tokens_details) ?? asRecord(record.completion_tokens_details);
  const reasoning = asCount(outputDetails?.reasoning_tokens);
  if (reasoning !== undefined) details.reasoningTokens = reasoning;
}
