import { type RequirePinnedModels, readRequirePinnedModels } from '@driftwatch/processors';
import type { OpenAIInstrumentationConfig } from '../types';
import { readBooleanEnvironment, readPositiveIntegerEnvironment } from './environment';
import { readStreamUsageEnvironment, type StreamUsageMode, streamUsageModeOf } from './stream-usage-mode';

export const CAPTURE_CONTENT_ENVIRONMENT = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
export const CONTENT_MAX_LENGTH_ENVIRONMENT = 'DRIFTWATCH_CONTENT_MAX_LENGTH';

/** The OpenAI options with every default applied, read once so the hot path only reads fields. */
export interface ResolvedOpenAIConfig {
  readonly captureMessageContent: boolean;
  readonly contentMaxLength: number;
  readonly streamUsage: StreamUsageMode;
  readonly requirePinnedModels: RequirePinnedModels;
}

export function resolveOpenAIConfig(config: OpenAIInstrumentationConfig): ResolvedOpenAIConfig {
  return {
    captureMessageContent: config.captureMessageContent ?? readBooleanEnvironment(CAPTURE_CONTENT_ENVIRONMENT, false),
    contentMaxLength: config.contentMaxLength ?? readPositiveIntegerEnvironment(CONTENT_MAX_LENGTH_ENVIRONMENT, 16384),
    streamUsage: streamUsageModeOf(config.streamUsage) ?? readStreamUsageEnvironment(),
    requirePinnedModels: config.requirePinnedModels ?? readRequirePinnedModels(),
  };
}
