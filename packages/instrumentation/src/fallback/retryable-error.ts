/** Statuses a second provider may well answer: timeouts, conflicts, rate limits and every server error (529 too). */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Error types an SDK reports for a failure without an HTTP status (an error event in the middle of a stream). */
const RETRYABLE_API_TYPES = new Set([
  'overloaded_error',
  'api_error',
  'rate_limit_error',
  'timeout_error',
  'server_error',
]);

/** Both SDKs' classes for a request that got no answer: refused, reset, or timed out. */
const CONNECTION_ERROR_NAMES = new Set(['APIConnectionError', 'APIConnectionTimeoutError', 'TimeoutError']);

/** The app cancelled the call itself: never a reason to try another provider. */
const ABORT_ERROR_NAMES = new Set(['APIUserAbortError', 'AbortError']);

/** Network failures as Node and undici report them (on the error or on its `cause`). */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

type ErrorFields = { status?: unknown; type?: unknown; name?: unknown; code?: unknown; cause?: unknown };

function namesOf(error: object): string[] {
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  const { name } = error as ErrorFields;
  return [className, name].filter((value): value is string => typeof value === 'string');
}

function hasNetworkCode(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, cause } = error as ErrorFields;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  return typeof cause === 'object' && cause !== null && NETWORK_ERROR_CODES.has(String((cause as ErrorFields).code));
}

/**
 * Whether a failed LLM call is worth sending to the next provider, for errors of the `openai` and
 * `@anthropic-ai/sdk` SDKs alike: HTTP 408, 409, 429 and 5xx (Anthropic's 529 overloaded included), an
 * `overloaded_error`/`api_error` event in the middle of a stream, connection errors and timeouts. Not: the app's
 * own abort, 400/401/403/404/422 (the request or the credentials are wrong, and another provider will not fix
 * that), or anything that is not a provider failure (a `TypeError` in the app's code).
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const names = namesOf(error);
  if (names.some((name) => ABORT_ERROR_NAMES.has(name))) return false;
  const { status, type } = error as ErrorFields;
  if (typeof status === 'number') return isRetryableStatus(status);
  if (names.some((name) => CONNECTION_ERROR_NAMES.has(name))) return true;
  if (typeof type === 'string' && RETRYABLE_API_TYPES.has(type)) return true;
  return hasNetworkCode(error);
}
