import type { ErrorReplies } from './error-replies';
import { badRequestReply, notFoundReply, rateLimitReply, serverErrorReply } from './fault-replies';
import { openAiErrorBody } from './openai-error-body';

const JSON_PARSE_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';

/** OpenAI's error bodies `{ error: { message, type, param, code } }` and its `x-request-id` headers. */
export const openAiErrorReplies: ErrorReplies = {
  rateLimit: rateLimitReply,
  serverError: serverErrorReply,
  overloaded: () => ({
    kind: 'json',
    status: 503,
    body: openAiErrorBody({ message: 'The server is overloaded or not ready yet.', type: 'server_error' }),
  }),
  badRequest: badRequestReply,
  invalidJson: () => badRequestReply({ message: JSON_PARSE_MESSAGE, param: null }),
  notFound: notFoundReply,
  streamError: () => ({ data: JSON.stringify(serverErrorReply().body) }),
  responseHeaders: ({ ids, elapsedMs }) => ({
    'x-request-id': ids.next('req_', 32),
    'openai-version': '2020-10-01',
    'openai-processing-ms': String(Math.round(elapsedMs)),
  }),
};
