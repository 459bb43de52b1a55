/**
 * The Driftwatch modules these suites use that the package index does not export yet, loaded from the same built
 * files (`dist`) as `@driftwatch/instrumentation`, so they share its module instances. Once the index exports them,
 * import them from the package instead.
 */
export { withRun } from '../../dist/agent/run-context.js';
export {
  AnthropicInstrumentation,
  type AnthropicInstrumentationConfig,
  defaultAnthropicInstrumentation,
  instrumentAnthropic,
} from '../../dist/anthropic/index.js';
export { type FallbackOptions, isRetryableError, withFallback } from '../../dist/fallback/index.js';
