import {
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS,
  OPENAI_API_TYPE_VALUE_RESPONSES,
} from '@driftwatch/semconv';

/** AI SDK provider ids (`openai.chat`, `anthropic.messages`) by prefix, and the conventions' provider names. */
const PROVIDERS: ReadonlyArray<readonly [string, string]> = [
  ['openai', GEN_AI_PROVIDER_NAME_VALUE_OPENAI],
  ['azure', GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI],
  ['anthropic', GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC],
  ['google.vertex', 'gcp.vertex_ai'],
  ['vertex', 'gcp.vertex_ai'],
  ['google', 'gcp.gemini'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['bedrock', 'aws.bedrock'],
  ['mistral', 'mistral_ai'],
  ['xai', 'x_ai'],
  ['groq', 'groq'],
  ['deepseek', 'deepseek'],
  ['cohere', 'cohere'],
  ['perplexity', 'perplexity'],
];

export interface ProviderInfo {
  /** `gen_ai.provider.name`. */
  readonly name: string;
  /** `openai.api.type`, for OpenAI's two APIs. */
  readonly apiType: string | undefined;
}

/** The conventions' provider of an AI SDK provider id; an unknown provider keeps its own first segment. */
export function providerOf(providerId: unknown): ProviderInfo {
  const id = typeof providerId === 'string' && providerId !== '' ? providerId : 'unknown';
  const match = PROVIDERS.find(([prefix]) => id === prefix || id.startsWith(`${prefix}.`));
  const name = match?.[1] ?? id.split('.')[0] ?? id;
  let apiType: string | undefined;
  if (name === GEN_AI_PROVIDER_NAME_VALUE_OPENAI || name === GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI) {
    if (id.endsWith('.chat')) apiType = OPENAI_API_TYPE_VALUE_CHAT_COMPLETIONS;
    else if (id.endsWith('.responses')) apiType = OPENAI_API_TYPE_VALUE_RESPONSES;
  }
  return { name, apiType };
}
