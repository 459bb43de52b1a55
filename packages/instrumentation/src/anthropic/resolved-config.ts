import type { RequirePinnedModels } from '@driftwatch/processors';
import { resolveOpenAIConfig } from '../internal/resolved-config';
import type { AnthropicInstrumentationConfig } from './types';

/** The Anthropic options with every default applied, read once so the hot path only reads fields. */
export interface ResolvedAnthropicConfig {
  readonly captureMessageContent: boolean;
  readonly contentMaxLength: number;
  readonly requirePinnedModels: RequirePinnedModels;
}

/** The content and pinning options are the OpenAI instrumentation's, read from the same environment variables. */
export function resolveAnthropicConfig(config: AnthropicInstrumentationConfig): ResolvedAnthropicConfig {
  const { captureMessageContent, contentMaxLength, requirePinnedModels } = resolveOpenAIConfig(config);
  return { captureMessageContent, contentMaxLength, requirePinnedModels };
}
