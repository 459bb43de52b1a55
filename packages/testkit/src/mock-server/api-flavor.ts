import type { IncomingMessage } from 'node:http';
import { anthropicErrorReplies } from './anthropic-error-replies';
import type { ErrorReplies } from './error-replies';
import { openAiErrorReplies } from './openai-error-replies';

/**
 * Whose API a request speaks: the Messages API and any request carrying `anthropic-version` (every Anthropic SDK
 * request does) get Anthropic's error bodies and headers; everything else gets OpenAI's.
 */
export function errorRepliesFor(options: { request: IncomingMessage; path: string }): ErrorReplies {
  const { request, path } = options;
  const anthropic = path === '/v1/messages' || request.headers['anthropic-version'] !== undefined;
  return anthropic ? anthropicErrorReplies : openAiErrorReplies;
}
