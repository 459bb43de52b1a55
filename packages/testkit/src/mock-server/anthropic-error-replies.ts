import type { ErrorReplies, ErrorReply } from './error-replies';

/** The error body of the Anthropic API: `{ type: 'error', error: { type, message } }`. */
function anthropicError(options: { status: number; type: string; message: string }): ErrorReply {
  return {
    kind: 'json',
    status: options.status,
    body: { type: 'error', error: { type: options.type, message: options.message } },
  };
}

const RATE_LIMIT_MESSAGE =
  'This request would exceed the rate limit for your organization (org-mock) of 50 requests per minute. For ' +
  'details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current ' +
  'usage. Please reduce the prompt length or the maximum tokens requested, or try again later.';

/** Anthropic's error bodies, its `request-id` header, its rate-limit headers and its mid-stream `error` event. */
export const anthropicErrorReplies: ErrorReplies = {
  rateLimit: () => ({
    ...anthropicError({ status: 429, type: 'rate_limit_error', message: RATE_LIMIT_MESSAGE }),
    headers: {
      'retry-after': '1',
      'x-should-retry': 'true',
      'anthropic-ratelimit-requests-limit': '50',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': new Date(Date.now() + 1000).toISOString(),
    },
  }),
  serverError: () => anthropicError({ status: 500, type: 'api_error', message: 'Internal server error' }),
  overloaded: () => anthropicError({ status: 529, type: 'overloaded_error', message: 'Overloaded' }),
  badRequest: ({ message }) => anthropicError({ status: 400, type: 'invalid_request_error', message }),
  invalidJson: () =>
    anthropicError({
      status: 400,
      type: 'invalid_request_error',
      message: 'There was an error parsing the body of your request as JSON.',
    }),
  notFound: () => anthropicError({ status: 404, type: 'not_found_error', message: 'Not Found' }),
  streamError: () => ({
    event: 'error',
    data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
  }),
  responseHeaders: ({ ids }) => ({
    'request-id': ids.next('req_011C', 20),
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
  }),
};
