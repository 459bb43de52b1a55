import { responsesOutputMessage } from '../content/responses-items';
import type { ResponseDetails } from '../genai/response-details';
import { asArray, asRecord, asString, type UnknownRecord } from '../internal/readers';
import { readUsage } from './usage';

/**
 * The finish reason of a Response, in Chat Completions' vocabulary so dashboards can treat both APIs alike:
 * `tool_calls` when it ends in a function call, `length` when cut by `max_output_tokens`, else the raw reason.
 */
function finishReasonOf(response: UnknownRecord): string | undefined {
  const status = asString(response.status);
  if (status === 'completed') {
    const calls = (asArray(response.output) ?? []).some((item) => asRecord(item)?.type === 'function_call');
    return calls ? 'tool_calls' : 'stop';
  }
  if (status === 'incomplete') {
    const reason = asString(asRecord(response.incomplete_details)?.reason);
    return reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete');
  }
  if (status === 'failed') return 'error';
  return status;
}

/** Reads a Response object (a `responses.create` result, or the one a stream's final event carries). */
export function readResponseObject(result: unknown, captureContent: boolean): ResponseDetails {
  const details: ResponseDetails = {};
  const response = asRecord(result);
  if (response === undefined) return details;
  details.id = asString(response.id);
  details.model = asString(response.model);
  details.serviceTier = asString(response.service_tier);
  readUsage(response.usage, details);
  const finishReason = finishReasonOf(response);
  if (finishReason !== undefined) details.finishReasons = [finishReason];
  if (captureContent) details.outputMessages = [responsesOutputMessage(response.output, finishReason ?? 'stop')];
  return details;
}
