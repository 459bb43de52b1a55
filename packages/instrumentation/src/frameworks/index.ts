export { defaultAISDKInstrumentation, instrumentAISDK } from './ai-sdk/default-instrumentation';
export { AISDKInstrumentation, type AISDKInstrumentationConfig } from './ai-sdk/instrumentation';
export { defaultMCPInstrumentation, instrumentMCP } from './mcp/default-instrumentation';
export { MCPInstrumentation } from './mcp/instrumentation';
export { defaultOpenAIAgentsInstrumentation, instrumentOpenAIAgents } from './openai-agents/default-instrumentation';
export { OpenAIAgentsInstrumentation } from './openai-agents/instrumentation';
