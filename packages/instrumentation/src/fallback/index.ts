export { isRetryableError } from './retryable-error';
export type { FallbackAttemptInfo, FallbackOptions } from './types';
export { withFallback } from './with-fallback';
