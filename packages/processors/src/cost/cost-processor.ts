import {
  ATTR_DRIFTWATCH_COST_PRICED_MODEL,
  ATTR_DRIFTWATCH_COST_UNKNOWN,
  ATTR_DRIFTWATCH_COST_UNPRICED_REASON,
  ATTR_DRIFTWATCH_COST_USD,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  DRIFTWATCH_COST_UNPRICED_REASON_VALUE_UNKNOWN_MODEL,
  DRIFTWATCH_COST_UNPRICED_REASON_VALUE_USAGE_MISSING,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace';
import { providerOf, requestModelOf, responseModelOf, usageOf } from '../genai-span';
import { LlmCallProcessor, type LlmCallProcessorOptions } from '../internal/llm-call-processor';
import type { ModelTable } from '../model-table/model-table';
import type { AgentNameLookup } from '../runs/agent-run-processor';

export interface PricedCallProcessorOptions extends LlmCallProcessorOptions {
  readonly table: ModelTable;
  /** Labels the metrics with the enclosing agent's name (the {@link AgentRunProcessor} of the same chain). */
  readonly agentNames?: AgentNameLookup;
}

/** `gen_ai.provider.name`, `gen_ai.request.model` and, when given, `gen_ai.agent.name`: the labels of LLM metrics. */
export function llmMetricLabels(attributes: Attributes, agentName?: string): Attributes {
  const labels: Attributes = {};
  const provider = providerOf(attributes);
  const requestModel = requestModelOf(attributes);
  if (provider !== undefined) labels[ATTR_GEN_AI_PROVIDER_NAME] = provider;
  if (requestModel !== undefined) labels[ATTR_GEN_AI_REQUEST_MODEL] = requestModel;
  if (agentName !== undefined) labels[ATTR_GEN_AI_AGENT_NAME] = agentName;
  return labels;
}

/**
 * Prices every LLM call from the model table: `driftwatch.cost.usd` and `driftwatch.cost.priced_model` on the span,
 * and `driftwatch.llm.cost` by provider, request model and agent. A call whose model is not in the table, or that
 * reports no usage, gets `driftwatch.cost.unknown=true` and counts in `driftwatch.llm.unpriced_calls`, both with
 * `driftwatch.cost.unpriced_reason` (`unknown_model` first: a price-table gap; else `usage_missing`): it is never
 * priced as 0. A failed call without usage is not billed and gets neither.
 */
export class CostProcessor extends LlmCallProcessor {
  private readonly options: PricedCallProcessorOptions;

  constructor(options: PricedCallProcessorOptions) {
    super('processor.cost', options);
    this.options = options;
  }

  protected processCall(span: Span): void {
    const { attributes } = span;
    const usage = usageOf(attributes);
    if (usage === undefined && attributes[ATTR_ERROR_TYPE] !== undefined) return;
    const { table, instruments, agentNames } = this.options;
    const resolved = table.resolveCall(requestModelOf(attributes), responseModelOf(attributes));
    if (usage === undefined || resolved === undefined) {
      const reason =
        resolved === undefined
          ? DRIFTWATCH_COST_UNPRICED_REASON_VALUE_UNKNOWN_MODEL
          : DRIFTWATCH_COST_UNPRICED_REASON_VALUE_USAGE_MISSING;
      span.setAttributes({ [ATTR_DRIFTWATCH_COST_UNKNOWN]: true, [ATTR_DRIFTWATCH_COST_UNPRICED_REASON]: reason });
      const labels = llmMetricLabels(attributes);
      labels[ATTR_DRIFTWATCH_COST_UNPRICED_REASON] = reason;
      instruments.get().unpricedCalls.add(1, labels);
      return;
    }
    const costUsd = table.cost(resolved.entry, usage);
    span.setAttributes({ [ATTR_DRIFTWATCH_COST_USD]: costUsd, [ATTR_DRIFTWATCH_COST_PRICED_MODEL]: resolved.id });
    instruments.get().llmCost.add(costUsd, llmMetricLabels(attributes, agentNames?.agentNameFor(span)));
  }
}
