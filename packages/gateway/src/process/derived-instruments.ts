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
  type MetricDefinition,
} from '@driftwatch/semconv';
import type { Counter, Histogram, Meter } from '@opentelemetry/api';

function histogram(meter: Meter, definition: MetricDefinition): Histogram {
  return meter.createHistogram(definition.name, {
    unit: definition.unit,
    description: definition.description,
    advice: definition.buckets ? { explicitBucketBoundaries: [...definition.buckets] } : {},
  });
}

function counter(meter: Meter, definition: MetricDefinition): Counter {
  return meter.createCounter(definition.name, { unit: definition.unit, description: definition.description });
}

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
    this.tokenUsage = histogram(meter, METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    this.operationDuration = histogram(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    this.executions = counter(meter, METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
    this.runDuration = histogram(meter, METRIC_DRIFTWATCH_AGENT_DURATION);
    this.escalations = counter(meter, METRIC_DRIFTWATCH_AGENT_ESCALATIONS);
    this.repeats = counter(meter, METRIC_DRIFTWATCH_AGENT_REPEATS);
    this.outcomeValue = histogram(meter, METRIC_DRIFTWATCH_OUTCOME_VALUE);
    this.toolCalls = counter(meter, METRIC_DRIFTWATCH_TOOL_CALLS);
    this.toolDuration = histogram(meter, METRIC_DRIFTWATCH_TOOL_DURATION);
    this.runCost = histogram(meter, METRIC_DRIFTWATCH_AGENT_COST);
    this.runTokens = histogram(meter, METRIC_DRIFTWATCH_AGENT_TOKENS);
    this.runSteps = histogram(meter, METRIC_DRIFTWATCH_AGENT_STEPS);
  }
}
