import { GenAIInstrumentation, type InstrumentedSdk } from '../genai/genai-instrumentation';
import { MessagesOperations } from './messages-operations';
import { patchAnthropicModule, unpatchAnthropicModule } from './patch-module';
import { type ResolvedAnthropicConfig, resolveAnthropicConfig } from './resolved-config';
import type { AnthropicInstrumentationConfig } from './types';
import { wrapCreate, wrapStream } from './wrap-messages';

const ANTHROPIC_SDK: InstrumentedSdk<AnthropicInstrumentationConfig, ResolvedAnthropicConfig, MessagesOperations> = {
  moduleName: '@anthropic-ai/sdk',
  component: 'anthropic',
  // Tested against the newest 1.x and the newest 0.x (0.137).
  supportedMajors: new Set([0, 1]),
  supportedMajorsText: '0.x and 1.x',
  patchedClasses: 'its Messages resource',
  resolveConfig: resolveAnthropicConfig,
  createOperations: (host) => new MessagesOperations(host),
  patchCopy: (moduleExports, operations) =>
    patchAnthropicModule(moduleExports, {
      create: (original) => wrapCreate(operations, original),
      stream: (original) => wrapStream(operations, original),
    }),
  unpatchCopy: unpatchAnthropicModule,
};

/**
 * OpenTelemetry instrumentation for `@anthropic-ai/sdk` (1.x and 0.x): `messages.create`, plain and streamed, and
 * the helpers built on it (`messages.stream()`, `messages.parse()`), as GenAI spans and metrics (conventions
 * v1.41.1). The SDK's own span for these calls is suppressed, so each call has exactly one span. Add it to your
 * own NodeSDK, or let `register` do it.
 */
export class AnthropicInstrumentation extends GenAIInstrumentation<
  AnthropicInstrumentationConfig,
  ResolvedAnthropicConfig,
  MessagesOperations
> {
  constructor(config: AnthropicInstrumentationConfig = {}) {
    super(config);
  }

  protected override get sdk() {
    return ANTHROPIC_SDK;
  }
}
