import type { OutputMessage } from '@driftwatch/processors';
/** What a provider response (or a consumed stream) told us; every field optional, since payloads vary. */
export interface ResponseDetails {
  id?: string;
  model?: string;
  finishReasons?: string[];
  systemFingerprint?: string;
  serviceTier?: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheCreationTokens?: number;
  reasoningTokens?: number;
  embeddingDimensions?: number;
  /** Output messages in the conventions' schema; built only when content capture is on. */
  outputMessages?: OutputMessage[];
}
