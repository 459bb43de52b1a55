import { GenAIInstrumentation, type InstrumentedSdk } from '../genai/genai-instrumentation';
import { type ResolvedOpenAIConfig, resolveOpenAIConfig } from '../internal/resolved-config';
import type { OpenAIInstrumentationConfig } from '../types';
import { OpenAIOperations } from './openai-operations';
import { patchModule, unpatchModule } from './patch-module';
import { wrapCreate } from './wrap-create';

const OPENAI_SDK: InstrumentedSdk<OpenAIInstrumentationConfig, ResolvedOpenAIConfig, OpenAIOperations> = {
  moduleName: 'openai',
  component: 'openai',
  // The `openai` majors this instrumentation is tested against.
  supportedMajors: new Set([6, 7]),
  supportedMajorsText: '6.x and 7.x',
  patchedClasses: 'its resource classes',
  resolveConfig: resolveOpenAIConfig,
  createOperations: (host) => new OpenAIOperations(host),
  patchCopy: (moduleExports, operations) =>
    patchModule(moduleExports, (original, adapter) => wrapCreate(operations, original, adapter)) > 0,
  unpatchCopy: unpatchModule,
};

/**
 * OpenTelemetry instrumentation for the `openai` SDK (6.x and 7.x): `chat.completions.create`,
 * `responses.create` and `embeddings.create`, plain and streaming, and every helper built on them, as GenAI
 * spans and metrics (conventions v1.41.1). Add it to your own NodeSDK, or let `register` do it.
 */
export class OpenAIInstrumentation extends GenAIInstrumentation<
  OpenAIInstrumentationConfig,
  ResolvedOpenAIConfig,
  OpenAIOperations
> {
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(config);
  }

  protected override get sdk() {
    return OPENAI_SDK;
  }
}
