import { createHash } from 'node:crypto';

/** Floating model names and the dated checkpoint the real API answers with. */
const CHECKPOINT_BY_ALIAS: Readonly<Record<string, string>> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  o1: 'o1-2024-12-17',
  o3: 'o3-2025-04-16',
  'o3-mini': 'o3-mini-2025-01-31',
  'o4-mini': 'o4-mini-2025-04-16',
};

/** Claude aliases and the dated model id the Anthropic API answers with. Not listed by the OpenAI models route. */
const CLAUDE_CHECKPOINT_BY_ALIAS: Readonly<Record<string, string>> = {
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-3-7-sonnet-latest': 'claude-3-7-sonnet-20250219',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
};

const EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** The checkpoint a request model is answered with: aliases resolve, anything else is echoed. */
export function resolveCheckpoint(requestModel: string): string {
  return CHECKPOINT_BY_ALIAS[requestModel] ?? CLAUDE_CHECKPOINT_BY_ALIAS[requestModel] ?? requestModel;
}

/** `fp_` and 10 hex characters, always the same for the same checkpoint. */
export function fingerprintFor(checkpoint: string): string {
  return 'fp_' + createHash('sha256').update(checkpoint).digest('hex').slice(0, 10);
}

/** o-series models (o1, o3, o4-mini, ...) report reasoning tokens. */
export function isReasoningModel(model: string): boolean {
  return /^o\d/.test(model);
}

export function defaultEmbeddingDimensions(model: string): number {
  return EMBEDDING_DIMENSIONS[model] ?? 1536;
}

export function listModelIds(): string[] {
  const ids = new Set<string>();
  for (const [alias, checkpoint] of Object.entries(CHECKPOINT_BY_ALIAS)) {
    ids.add(alias);
    ids.add(checkpoint);
  }
  for (const model of Object.keys(EMBEDDING_DIMENSIONS)) {
    ids.add(model);
  }
  return [...ids];
}
