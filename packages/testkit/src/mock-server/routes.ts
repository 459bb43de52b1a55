import { handleAnthropicMessages } from './anthropic-messages-endpoint';
import { handleChatCompletion } from './chat-completion-endpoint';
import { handleEmbeddings } from './embeddings-endpoint';
import type { EndpointHandler } from './reply';
import { handleResponses } from './responses-endpoint';

export type Route = { kind: 'model_call'; handler: EndpointHandler } | { kind: 'models'; modelId?: string };

const MODEL_CALLS: Readonly<Record<string, EndpointHandler>> = {
  '/v1/chat/completions': handleChatCompletion,
  '/v1/responses': handleResponses,
  '/v1/embeddings': handleEmbeddings,
  '/v1/messages': handleAnthropicMessages,
};

/** Azure OpenAI's deployment paths (`/openai/deployments/<name>/chat/completions`) as the OpenAI paths they mirror. */
function openAiPath(path: string): string {
  return path.replace(/^\/openai\/deployments\/[^/]+\//, '/v1/');
}

/** The endpoint for a method and path (trailing slashes removed), or undefined for a 404. */
export function findRoute(options: { method: string; path: string }): Route | undefined {
  const { method } = options;
  const path = openAiPath(options.path);
  const handler = MODEL_CALLS[path];
  if (method === 'POST' && handler) return { kind: 'model_call', handler };
  if (method !== 'GET') return undefined;
  if (path === '/v1/models') return { kind: 'models' };
  const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
  return modelMatch?.[1] ? { kind: 'models', modelId: decodeURIComponent(modelMatch[1]) } : undefined;
}
