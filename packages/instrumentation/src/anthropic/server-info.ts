import { GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC } from '@driftwatch/semconv';
import { type ServerAddress, serverAddressOf } from '../genai/server-address';

/** Where an Anthropic client sends its requests, and which provider serves them. */
export interface AnthropicServer {
  readonly address: ServerAddress | undefined;
  readonly providerName: string;
}

const serverByClient = new WeakMap<object, AnthropicServer>();

/**
 * The server of an `@anthropic-ai/sdk` client (`resource._client`), cached per client. The provider is the one the
 * client names for itself (`_genAIProviderName`: the Bedrock and Vertex clients built on this SDK name theirs),
 * `anthropic` otherwise.
 */
export function anthropicServerOf(client: unknown): AnthropicServer {
  if (typeof client !== 'object' || client === null) {
    return { address: undefined, providerName: GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC };
  }
  let server = serverByClient.get(client);
  if (server === undefined) {
    const { baseURL, _genAIProviderName: named } = client as { baseURL?: unknown; _genAIProviderName?: unknown };
    const providerName = typeof named === 'string' && named !== '' ? named : GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC;
    server = { address: serverAddressOf(baseURL), providerName };
    serverByClient.set(client, server);
  }
  return server;
}
