import type { ErrorReply } from './error-replies';
import { openAiErrorBody } from './openai-error-body';

/** The 429 the real API sends when the requests-per-minute limit is hit, with its retry headers. */
export function rateLimitReply(model: string): ErrorReply {
  const message =
    `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 500, Used 500, ` +
    'Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.';
  return {
    kind: 'json',
    status: 429,
    headers: {
      'retry-after': '1',
      'retry-after-ms': '1000',
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1s',
    },
    body: openAiErrorBody({ message, type: 'requests', code: 'rate_limit_exceeded' }),
  };
}

export function serverErrorReply(): ErrorReply {
  const message = 'The server had an error while processing your request. Sorry about that!';
  return { kind: 'json', status: 500, body: openAiErrorBody({ message, type: 'server_error' }) };
}

export function badRequestReply(options: { message: string; param: string | null; code?: string | null }): ErrorReply {
  return {
    kind: 'json',
    status: 400,
    body: openAiErrorBody({ ...options, type: 'invalid_request_error' }),
  };
}

export function notFoundReply(options: { method: string; path: string }): ErrorReply {
  const message = `Invalid URL (${options.method} ${options.path})`;
  return { kind: 'json', status: 404, body: openAiErrorBody({ message, type: 'invalid_request_error' }) };
}
