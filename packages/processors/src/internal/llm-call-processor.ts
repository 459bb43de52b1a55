import { ATTR_GEN_AI_OPERATION_NAME } from '@driftwatch/semconv';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { isInferenceOperation } from '../genai-span';
import { ProcessorGuard } from './processor-guard';
import type { ProcessorInstruments } from './processor-instruments';

export interface LlmCallProcessorOptions {
  readonly instruments: ProcessorInstruments;
  readonly slowThresholdMillis: number;
}

/**
 * A processor of LLM calls (chat, text completion, generate content, embeddings), from any instrumentation:
 * every other span returns at the first attribute read; each call is handled in `onEnding`, where the span is
 * still writable, guarded and timed.
 */
export abstract class LlmCallProcessor implements SpanProcessor {
  protected readonly guard: ProcessorGuard;

  constructor(component: string, options: LlmCallProcessorOptions) {
    this.guard = new ProcessorGuard({
      component,
      instruments: options.instruments,
      slowThresholdMillis: options.slowThresholdMillis,
    });
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    if (!isInferenceOperation(span.attributes[ATTR_GEN_AI_OPERATION_NAME])) return;
    this.guard.run(this.processCall, this, span);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Handles one ending LLM span; may throw (the guard contains it). */
  protected abstract processCall(span: Span): void;
}
