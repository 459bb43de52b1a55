import { ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO, ATTR_DRIFTWATCH_CONTEXT_WINDOW } from '@driftwatch/semconv';
import type { Span } from '@opentelemetry/sdk-trace';
import { llmMetricLabels, type PricedCallProcessorOptions } from '../cost/cost-processor';
import { inputTokensOf, requestModelOf, responseModelOf } from '../genai-span';
import { LlmCallProcessor } from '../internal/llm-call-processor';

/**
 * Context-window pressure: `driftwatch.context.fill_ratio` (input tokens, cached ones included, over the model's
 * context window from the model table) and `driftwatch.context.window` on the span, and the fill-ratio histogram
 * by provider, request model and agent (buckets fine around the 75% and 95% marks). Calls of models without a
 * known window, or without input usage, are left alone.
 */
export class ContextWindowProcessor extends LlmCallProcessor {
  private readonly options: PricedCallProcessorOptions;

  constructor(options: PricedCallProcessorOptions) {
    super('processor.context', options);
    this.options = options;
  }

  protected processCall(span: Span): void {
    const { attributes } = span;
    const inputTokens = inputTokensOf(attributes);
    if (inputTokens === undefined) return;
    const { table, instruments, agentNames } = this.options;
    const window = table.resolveCall(requestModelOf(attributes), responseModelOf(attributes))?.entry.context_window;
    if (window === undefined) return;
    const fillRatio = inputTokens / window;
    span.setAttributes({ [ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO]: fillRatio, [ATTR_DRIFTWATCH_CONTEXT_WINDOW]: window });
    instruments.get().contextFillRatio.record(fillRatio, llmMetricLabels(attributes, agentNames?.agentNameFor(span)));
  }
}
