import { GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI, GEN_AI_PROVIDER_NAME_VALUE_OPENAI } from '@driftwatch/semconv';
import { serverAddressOf } from '../genai/server-address';
import { clientAcceptsStreamUsage } from './stream-usage-support';

/** Where a client sends its requests, and which provider that is; computed once per client. */
export interface ServerInfo {
  readonly address: string | undefined;
  readonly port: number | undefined;
  readonly providerName: string;
  /** The endpoint is known to accept `stream_options.include_usage` (stream-usage-support.ts). */
  readonly acceptsStreamUsage: boolean;
}

/** OpenAI-compatible hosts whose provider the conventions name. */
const PROVIDER_BY_HOST_SUFFIX: ReadonlyArray<readonly [string, string]> = [
  ['.openai.azure.com', GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI],
  ['api.groq.com', 'groq'],
  ['api.deepseek.com', 'deepseek'],
  ['api.x.ai', 'x_ai'],
  ['api.mistral.ai', 'mistral_ai'],
  ['api.perplexity.ai', 'perplexity'],
];

const UNKNOWN_SERVER: ServerInfo = {
  address: undefined,
  port: undefined,
  providerName: GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  acceptsStreamUsage: false,
};
const serverByClient = new WeakMap<object, ServerInfo>();

function providerForHost(host: string): string {
  for (const [suffix, provider] of PROVIDER_BY_HOST_SUFFIX) {
    if (host === suffix || host.endsWith(suffix)) return provider;
  }
  return GEN_AI_PROVIDER_NAME_VALUE_OPENAI;
}

function parseServer(client: object): ServerInfo {
  const server = serverAddressOf((client as { baseURL?: unknown }).baseURL);
  if (server === undefined) return UNKNOWN_SERVER;
  return {
    ...server,
    providerName: providerForHost(server.address),
    acceptsStreamUsage: clientAcceptsStreamUsage(client),
  };
}

/** The server of an `openai` client (`resource._client`), cached per client object. */
export function serverInfoOf(client: unknown): ServerInfo {
  if (typeof client !== 'object' || client === null) return UNKNOWN_SERVER;
  let info = serverByClient.get(client);
  if (info === undefined) {
    info = parseServer(client);
    serverByClient.set(client, info);
  }
  return info;
}
