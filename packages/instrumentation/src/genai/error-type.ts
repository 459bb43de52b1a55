import { ERROR_TYPE_VALUE_OTHER } from '@driftwatch/semconv';

/**
 * `error.type` for a failed call: the HTTP status for provider errors (`429`, `500`, `529`); for an SDK API error
 * without a status (an error event in the middle of a stream) the API's own error type (`overloaded_error`);
 * otherwise the exception class (`APIConnectionTimeoutError`, `APIUserAbortError`, `SyntaxError`), `_OTHER` when
 * there is neither. Low cardinality by construction: never a message.
 */
export function errorTypeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ERROR_TYPE_VALUE_OTHER;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 600) return String(status);
  const apiType = (error as { type?: unknown }).type;
  if ('status' in error && typeof apiType === 'string' && /^[a-z_]{1,64}$/.test(apiType)) return apiType;
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof className === 'string' && className !== '' && className !== 'Object') return className;
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : ERROR_TYPE_VALUE_OTHER;
}
