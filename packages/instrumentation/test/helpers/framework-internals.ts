/**
 * The framework bridges, loaded from the same built files (`dist`) as `@driftwatch/instrumentation` so they share
 * its module instances. Once the package index exports them, import them from the package instead.
 */
export {
  AISDKInstrumentation,
  MCPInstrumentation,
  OpenAIAgentsInstrumentation,
} from '../../dist/frameworks/index.js';
