/**
 * Provider names as the peers write them (`OpenAI`, `azure`, `xai`, the deprecated `az.ai.openai`…) mapped to the
 * conventions' `gen_ai.provider.name` values; an unknown name is kept, lower-cased.
 */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  'az.ai.openai': 'azure.ai.openai',
  'az.ai.inference': 'azure.ai.inference',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  azureopenai: 'azure.ai.openai',
  xai: 'x_ai',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  google: 'gcp.gen_ai',
  bedrock: 'aws.bedrock',
  aws: 'aws.bedrock',
  mistralai: 'mistral_ai',
  mistral: 'mistral_ai',
  watsonx: 'ibm.watsonx.ai',
};

export function conventionsProviderName(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const lower = raw.trim().toLowerCase();
  return PROVIDER_ALIASES[lower] ?? lower;
}
