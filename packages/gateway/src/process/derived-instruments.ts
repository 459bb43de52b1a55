import { counterFor, histogramFor } from '@driftwatch/processors/internal';
import {
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_DURATION,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_DRIFTWATCH_TOOL_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@driftwatch/semconv';
import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/**
 * The metrics an app's instrumentation records in-process, derived here from its spans: the conventions' client
 * metrics, the run and tool metrics of Driftwatch's agent API and the run roll-ups of its run processor.
 */
export class DerivedInstruments {
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
  readonly executions: Counter;
  readonly runDuration: Histogram;
  readonly escalations: Counter;
  readonly repeats: Counter;
  readonly outcomeValue: Histogram;
  readonly toolCalls: Counter;
  readonly toolDuration: Histogram;
  readonly runCost: Histogram;
  readonly runTokens: Histogram;
  readonly runSteps: Histogram;

  constructor(meter: Meter) {
    this.tokenUsage = histogramFor(meter, METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    this.operationDuration = histogramFor(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    this.executions = counterFor(meter, METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
    this.runDuration = histogramFor(meter, METRIC_DRIFTWATCH_AGENT_DURATION);
    this.escalations = counterFor(meter, METRIC_DRIFTWATCH_AGENT_ESCALATIONS);
    this.repeats = counterFor(meter, METRIC_DRIFTWATCH_AGENT_REPEATS);
    this.outcomeValue = histogramFor(meter, METRIC_DRIFTWATCH_OUTCOME_VALUE);
    this.toolCalls = counterFor(meter, METRIC_DRIFTWATCH_TOOL_CALLS);
    this.toolDuration = histogramFor(meter, METRIC_DRIFTWATCH_TOOL_DURATION);
    this.runCost = histogramFor(meter, METRIC_DRIFTWATCH_AGENT_COST);
    this.runTokens = histogramFor(meter, METRIC_DRIFTWATCH_AGENT_TOKENS);
    this.runSteps = histogramFor(meter, METRIC_DRIFTWATCH_AGENT_STEPS);
  }
}
