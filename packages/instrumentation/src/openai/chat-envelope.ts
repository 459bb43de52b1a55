import type { ResponseDetails } from '../genai/response-details';
import { asString, type UnknownRecord } from '../internal/readers';

/** Response fields shared by a chat completion and its stream chunks; the first value seen wins. */
export function readChatEnvelope(record: UnknownRecord, details: ResponseDetails): void {
  details.id ??= asString(record.id);
  details.model ??= asString(record.model);
  details.systemFingerprint ??= asString(record.system_fingerprint);
  details.serviceTier ??= asString(record.service_tier);
}
