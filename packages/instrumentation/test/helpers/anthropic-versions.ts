import Anthropic1 from '@anthropic-ai/sdk';
import { VERSION as VERSION1 } from '@anthropic-ai/sdk/version';
import Anthropic0 from 'anthropic-v0';
import { VERSION as VERSION0 } from 'anthropic-v0/version';

export type AnthropicConstructor = typeof Anthropic1;
export type AnthropicClient = InstanceType<AnthropicConstructor>;

/** One installed SDK: its test label, its `VERSION` and its client class. */
export type AnthropicVersion = Readonly<{ label: string; version: string; Anthropic: AnthropicConstructor }>;

/** The newest `@anthropic-ai/sdk` release and the newest of the previous major, installed side by side. */
export const ANTHROPIC_VERSIONS: readonly AnthropicVersion[] = [
  { label: '@anthropic-ai/sdk 1', version: VERSION1, Anthropic: Anthropic1 },
  { label: '@anthropic-ai/sdk 0', version: VERSION0, Anthropic: Anthropic0 as unknown as AnthropicConstructor },
];

/** A Claude alias the mock answers with a dated id, and that neither SDK warns about. */
export const CLAUDE_MODEL = 'claude-haiku-4-5';
export const CLAUDE_CHECKPOINT = 'claude-haiku-4-5-20251001';
