import type { UnknownFieldStyle } from '../types';
import { openAiErrorBody } from './openai-error-body';
import type { Reply } from './reply';

/**
 * The Chat Completions request fields a strict OpenAI-compatible provider knows: the API as of mid-2024, before
 * `stream_options` (Azure OpenAI's GA api-version 2024-06-01 and Mistral's chat API take none of the later fields).
 */
const KNOWN_CHAT_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'n',
  'stream',
  'stop',
  'max_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'user',
  'seed',
  'tools',
  'tool_choice',
  'functions',
  'function_call',
  'response_format',
  'logprobs',
  'top_logprobs',
  'parallel_tool_calls',
]);

/** The first field of a chat completion request that a strict provider does not know. */
export function unknownChatField(body: Record<string, unknown>): string | undefined {
  return Object.keys(body).find((field) => !KNOWN_CHAT_FIELDS.has(field));
}

/** How the provider answers a request with a field it does not know, as Azure OpenAI and Mistral do. */
export function unknownFieldReply(options: { style: UnknownFieldStyle; field: string; value: unknown }): Reply {
  if (options.style === 'azure') {
    return {
      kind: 'json',
      status: 400,
      body: openAiErrorBody({
        message: `Unrecognized request argument supplied: ${options.field}`,
        type: 'invalid_request_error',
      }),
    };
  }
  return {
    kind: 'json',
    status: 422,
    body: {
      object: 'error',
      message: {
        detail: [
          {
            type: 'extra_forbidden',
            loc: ['body', options.field],
            msg: 'Extra inputs are not permitted',
            input: options.value,
          },
        ],
      },
      type: 'invalid_request_message_error',
      param: null,
      code: null,
    },
  };
}
