import { AISDKInstrumentation, type AISDKInstrumentationConfig } from './instrumentation';

let defaultInstrumentation: AISDKInstrumentation | undefined;

/** The process-wide AI SDK instrumentation that `register` and {@link instrumentAISDK} share. */
export function defaultAISDKInstrumentation(config?: AISDKInstrumentationConfig): AISDKInstrumentation {
  if (defaultInstrumentation === undefined) defaultInstrumentation = new AISDKInstrumentation(config);
  else if (config !== undefined) defaultInstrumentation.setConfig(config);
  return defaultInstrumentation;
}

/**
 * For bundled apps: AI SDK 7 is traced as soon as Driftwatch starts (nothing to call); for AI SDK 6, pass its
 * module and use what this returns: `const { generateText, streamText } = instrumentAISDK(await import('ai'))`.
 */
export function instrumentAISDK<Module>(aiModule: Module): Module {
  return defaultAISDKInstrumentation().patch(aiModule) as Module;
}
