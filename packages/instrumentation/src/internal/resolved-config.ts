import type { RequirePinnedModels } from '@driftwatch/processors';
import { resolveSettings, type StreamUsageMode } from '@driftwatch/processors/internal';
import type { OpenAIInstrumentationConfig } from '../types';

/** The OpenAI options with every default applied, read once so the hot path only reads fields. */
export interface ResolvedOpenAIConfig {
  readonly captureMessageContent: boolean;
  readonly contentMaxLength: number;
  readonly streamUsage: StreamUsageMode;
  readonly requirePinnedModels: RequirePinnedModels;
}

/** The instrumentations' options over Driftwatch's settings (environment and defaults, resolved in one place). */
export function resolveOpenAIConfig(config: OpenAIInstrumentationConfig): ResolvedOpenAIConfig {
  const settings = resolveSettings({
    captureContent: config.captureMessageContent,
    contentMaxLength: config.contentMaxLength,
    streamUsage: config.streamUsage,
    requirePinnedModels: config.requirePinnedModels,
  });
  return {
    captureMessageContent: settings.captureContent,
    contentMaxLength: settings.contentMaxLength,
    streamUsage: settings.streamUsage,
    requirePinnedModels: settings.requirePinnedModels,
  };
}
