/**
 * The Driftwatch modules these suites use, from the built package (`@driftwatch/instrumentation` and its
 * `/internal` entry), so they share the module instances the package's own code uses.
 */
export {
  AnthropicInstrumentation,
  type AnthropicInstrumentationConfig,
  type FallbackOptions,
  instrumentAnthropic,
  isRetryableError,
  withFallback,
} from '@driftwatch/instrumentation';
export { defaultAnthropicInstrumentation, withRun } from '@driftwatch/instrumentation/internal';
