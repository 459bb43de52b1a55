export { defaultAnthropicInstrumentation, instrumentAnthropic } from './default-instrumentation';
export { AnthropicInstrumentation } from './instrumentation';
export type { AnthropicInstrumentationConfig } from './types';
