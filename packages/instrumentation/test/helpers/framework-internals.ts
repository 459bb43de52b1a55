/** The framework bridges' instrumentations, from the built package so they share its module instances. */
export { AISDKInstrumentation, MCPInstrumentation, OpenAIAgentsInstrumentation } from '@driftwatch/instrumentation';
