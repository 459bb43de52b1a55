import type { RequirePinnedModels } from '@driftwatch/processors';
import { readRequirePinnedModels } from '@driftwatch/processors/internal';
import type { OpenAIInstrumentationConfig } from '../types';
import { readBooleanEnvironment, readPositiveIntegerEnvironment } from './environment';

export const CAPTURE_CONTENT_ENVIRONMENT = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';
export const CONTENT_MAX_LENGTH_ENVIRONMENT = 'DRIFTWATCH_CONTENT_MAX_LENGTH';
export const STREAM_USAGE_ENVIRONMENT = 'DRIFTWATCH_STREAM_USAGE';

/** The OpenAI options with every default applied, read once so the hot path only reads fields. */
export interface ResolvedOpenAIConfig {
  readonly captureMessageContent: boolean;
  readonly contentMaxLength: number;
  readonly streamUsage: boolean;
  readonly requirePinnedModels: RequirePinnedModels;
}

export function resolveOpenAIConfig(config: OpenAIInstrumentationConfig): ResolvedOpenAIConfig {
  return {
    captureMessageContent: config.captureMessageContent ?? readBooleanEnvironment(CAPTURE_CONTENT_ENVIRONMENT, false),
    contentMaxLength: config.contentMaxLength ?? readPositiveIntegerEnvironment(CONTENT_MAX_LENGTH_ENVIRONMENT, 16384),
    streamUsage: config.streamUsage ?? readBooleanEnvironment(STREAM_USAGE_ENVIRONMENT, true),
    requirePinnedModels: config.requirePinnedModels ?? readRequirePinnedModels(),
  };
}
