import { ERROR_TYPE_VALUE_RATE_LIMITED, ERROR_TYPE_VALUE_TIMEOUT } from '@driftwatch/semconv';
import { errorTypeOf } from '../genai/error-type';

/** Error codes and names that mean "did not answer in time" across fetch/undici, Node sockets and common clients. */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ABORT_ERR_TIMEOUT',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'ConnectTimeoutError', 'HeadersTimeoutError', 'BodyTimeoutError']);

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

function statusIn(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value < 600 ? value : undefined;
}

function headerPresent(headers: unknown, name: string): boolean {
  const record = asObject(headers);
  if (record === undefined) return false;
  if (typeof record.get === 'function') {
    try {
      return (record.get as (key: string) => unknown).call(record, name) != null;
    } catch {
      return false;
    }
  }
  return record[name] != null || record[name.toLowerCase()] != null;
}

/** The HTTP status an error carries: `status`, `statusCode`, or `response.status` (fetch wrappers, axios, got). */
export function httpStatusOfError(error: unknown): number | undefined {
  const record = asObject(error);
  if (record === undefined) return undefined;
  const response = asObject(record.response);
  return statusIn(record.status) ?? statusIn(record.statusCode) ?? statusIn(response?.status);
}

function retryAfterOnError(error: Loose): boolean {
  return headerPresent(error.headers, 'retry-after') || headerPresent(asObject(error.response)?.headers, 'retry-after');
}

/** Whether an error (or its cause chain) is a timeout: AbortSignal.timeout, undici and socket timeouts. */
export function isTimeoutError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4; depth++) {
    const record = asObject(current);
    if (record === undefined) return false;
    if (typeof record.name === 'string' && TIMEOUT_NAMES.has(record.name)) return true;
    if (typeof record.code === 'string' && TIMEOUT_CODES.has(record.code)) return true;
    // An abort whose reason is a timeout (fetch(url, { signal: AbortSignal.timeout(ms) }) rejects with it).
    current = record.cause ?? (record.name === 'AbortError' ? record.reason : undefined);
  }
  return false;
}

/** `error.type` for an HTTP status: `rate_limited` for 429 (or any status with `retry-after`), else the status. */
export function errorTypeOfStatus(status: number, retryAfter: boolean): string | undefined {
  if (status === 429 || (retryAfter && status >= 400)) return ERROR_TYPE_VALUE_RATE_LIMITED;
  return status >= 400 ? String(status) : undefined;
}

/**
 * `error.type` for a tool that threw: `rate_limited` (429 or retry-after), `timeout`, the HTTP status the error
 * carries, else the last failing HTTP status its requests got (a tool that turned a 500 into its own error),
 * else the exception class.
 */
export function toolErrorType(error: unknown, observedStatus: { status: number; retryAfter: boolean } | undefined) {
  const status = httpStatusOfError(error);
  const record = asObject(error);
  if (status !== undefined && status >= 400)
    return errorTypeOfStatus(status, record ? retryAfterOnError(record) : false);
  if (isTimeoutError(error)) return ERROR_TYPE_VALUE_TIMEOUT;
  if (observedStatus !== undefined) {
    const fromRequest = errorTypeOfStatus(observedStatus.status, observedStatus.retryAfter);
    if (fromRequest !== undefined) return fromRequest;
  }
  return errorTypeOf(error);
}

/** A fetch `Response` (or one shaped like it) that a tool returned. */
export function responseStatusOf(value: unknown): { status: number; retryAfter: boolean } | undefined {
  const record = asObject(value);
  if (record === undefined || typeof record.ok !== 'boolean') return undefined;
  const status = statusIn(record.status);
  if (status === undefined) return undefined;
  return { status, retryAfter: headerPresent(record.headers, 'retry-after') };
}
