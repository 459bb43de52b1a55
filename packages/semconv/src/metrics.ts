/**
 * Every metric Driftwatch emits: name, unit, instrument, bucket boundaries and the Prometheus series name
 * it becomes through the Collector, Prometheus 3's OTLP receiver and Mimir (`UnderscoreEscapingWithSuffixes`).
 * Dashboards, alert rules and tests take names from here, so a rename cannot leave a panel silently empty.
 */

export type MetricInstrument = 'histogram' | 'counter' | 'updown_counter' | 'gauge';

export interface MetricDefinition {
  readonly name: string;
  readonly unit: string;
  readonly instrument: MetricInstrument;
  readonly description: string;
  /** Explicit histogram bucket boundaries (advice), in the metric's unit. */
  readonly buckets?: readonly number[];
  /** The series name in Prometheus; histograms add `_bucket`, `_sum` and `_count` to it. */
  readonly prometheusName: string;
}

/** GenAI conventions v1.41.1 token buckets: powers of 4 from 1 to 67,108,864. */
export const GEN_AI_TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
] as const;

/** GenAI conventions v1.41.1 duration buckets in seconds: 10 ms doubling to 81.92 s. */
export const GEN_AI_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
] as const;

/** @experimental Input and output tokens per operation, `gen_ai.token.type` tells which. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = {
  name: 'gen_ai.client.token.usage',
  unit: '{token}',
  instrument: 'histogram',
  description: 'Number of input and output tokens used per GenAI operation.',
  buckets: GEN_AI_TOKEN_USAGE_BUCKETS,
  prometheusName: 'gen_ai_client_token_usage',
} as const satisfies MetricDefinition;

/** @experimental Client-observed duration of a GenAI operation, including the whole stream. */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = {
  name: 'gen_ai.client.operation.duration',
  unit: 's',
  instrument: 'histogram',
  description: 'Duration of a GenAI operation as seen by the client.',
  buckets: GEN_AI_DURATION_BUCKETS,
  prometheusName: 'gen_ai_client_operation_duration_seconds',
} as const satisfies MetricDefinition;

/** @experimental v1.41: time from the request to the first streamed chunk, streaming calls only. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = {
  name: 'gen_ai.client.operation.time_to_first_chunk',
  unit: 's',
  instrument: 'histogram',
  description: 'Time from the start of a streaming GenAI operation to the first chunk received.',
  buckets: GEN_AI_DURATION_BUCKETS,
  prometheusName: 'gen_ai_client_operation_time_to_first_chunk_seconds',
} as const satisfies MetricDefinition;

/**
 * Driftwatch: telemetry that Driftwatch itself could not produce or had to cut, by `driftwatch.component` and
 * `driftwatch.drop.reason`. The app never sees these failures; this counter is how an operator does.
 */
export const METRIC_DRIFTWATCH_TELEMETRY_DROPPED = {
  name: 'driftwatch.telemetry.dropped',
  unit: '{item}',
  instrument: 'counter',
  description: 'Telemetry items Driftwatch dropped or shortened instead of failing the application.',
  prometheusName: 'driftwatch_telemetry_dropped_total',
} as const satisfies MetricDefinition;

/** Run durations in seconds: 100 ms to 30 min (agent runs are longer than single calls). */
export const DRIFTWATCH_RUN_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] as const;

/** Business outcomes: booleans land in 0 and 1, scores in 0..1, counts and amounts above. */
export const DRIFTWATCH_OUTCOME_BUCKETS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1, 2, 5, 10, 100, 1000, 10000] as const;

/** Cost per run in USD. */
export const DRIFTWATCH_RUN_COST_BUCKETS = [
  0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** Steps (LLM calls plus tool calls) per run. */
export const DRIFTWATCH_RUN_STEPS_BUCKETS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100] as const;

/** Context-window fill: fine around the 75% and 95% marks. */
export const DRIFTWATCH_CONTEXT_FILL_BUCKETS = [0.1, 0.25, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 1] as const;

/** Agent runs by `gen_ai.agent.name` and `driftwatch.agent.outcome` (`success`, `error`, `escalated`). */
export const METRIC_DRIFTWATCH_AGENT_EXECUTIONS = {
  name: 'driftwatch.agent.executions',
  unit: '{execution}',
  instrument: 'counter',
  description: 'Agent runs, by agent and outcome.',
  prometheusName: 'driftwatch_agent_executions_total',
} as const satisfies MetricDefinition;

/** Wall time of an agent run, by `gen_ai.agent.name` and `driftwatch.agent.outcome`. */
export const METRIC_DRIFTWATCH_AGENT_DURATION = {
  name: 'driftwatch.agent.duration',
  unit: 's',
  instrument: 'histogram',
  description: 'Duration of an agent run.',
  buckets: DRIFTWATCH_RUN_DURATION_BUCKETS,
  prometheusName: 'driftwatch_agent_duration_seconds',
} as const satisfies MetricDefinition;

/** Runs handed to a human, by `gen_ai.agent.name` and `driftwatch.escalation.category`. */
export const METRIC_DRIFTWATCH_AGENT_ESCALATIONS = {
  name: 'driftwatch.agent.escalations',
  unit: '{escalation}',
  instrument: 'counter',
  description: 'Agent runs escalated to a human, by agent and category.',
  prometheusName: 'driftwatch_agent_escalations_total',
} as const satisfies MetricDefinition;

/** Runs whose task was already completed within the repeat window, by `gen_ai.agent.name`. */
export const METRIC_DRIFTWATCH_AGENT_REPEATS = {
  name: 'driftwatch.agent.repeats',
  unit: '{execution}',
  instrument: 'counter',
  description: 'Agent runs that repeat a task already completed within the repeat window.',
  prometheusName: 'driftwatch_agent_repeats_total',
} as const satisfies MetricDefinition;

/** Business outcomes (`recordOutcome`), by `gen_ai.agent.name` and `driftwatch.outcome.name`; booleans as 0/1. */
export const METRIC_DRIFTWATCH_OUTCOME_VALUE = {
  name: 'driftwatch.outcome.value',
  unit: '1',
  instrument: 'histogram',
  description: 'Business outcomes recorded by agent runs; true/false as 1/0, so sum/count is the success ratio.',
  buckets: DRIFTWATCH_OUTCOME_BUCKETS,
  prometheusName: 'driftwatch_outcome_value',
} as const satisfies MetricDefinition;

/** Tool calls by `gen_ai.tool.name`, `gen_ai.agent.name` and `error.type` (absent on success). */
export const METRIC_DRIFTWATCH_TOOL_CALLS = {
  name: 'driftwatch.tool.calls',
  unit: '{call}',
  instrument: 'counter',
  description: 'Tool calls, by tool and error type (no error.type on success).',
  prometheusName: 'driftwatch_tool_calls_total',
} as const satisfies MetricDefinition;

/** Tool call duration by `gen_ai.tool.name`, `gen_ai.agent.name` and `error.type`. */
export const METRIC_DRIFTWATCH_TOOL_DURATION = {
  name: 'driftwatch.tool.duration',
  unit: 's',
  instrument: 'histogram',
  description: 'Duration of a tool call.',
  buckets: GEN_AI_DURATION_BUCKETS,
  prometheusName: 'driftwatch_tool_duration_seconds',
} as const satisfies MetricDefinition;

/** USD spent on LLM calls, by `gen_ai.provider.name`, `gen_ai.request.model` and `gen_ai.agent.name`. */
export const METRIC_DRIFTWATCH_LLM_COST = {
  name: 'driftwatch.llm.cost',
  unit: '{USD}',
  instrument: 'counter',
  description: 'Cost of LLM calls in USD, from the price table.',
  prometheusName: 'driftwatch_llm_cost_total',
} as const satisfies MetricDefinition;

/**
 * LLM calls that could not be priced, by `gen_ai.provider.name`, `gen_ai.request.model` and
 * `driftwatch.cost.unpriced_reason` (`unknown_model`, `usage_missing`).
 */
export const METRIC_DRIFTWATCH_LLM_UNPRICED_CALLS = {
  name: 'driftwatch.llm.unpriced_calls',
  unit: '{call}',
  instrument: 'counter',
  description: 'LLM calls that could not be priced (unknown model or no token usage); their cost is unknown, not zero.',
  prometheusName: 'driftwatch_llm_unpriced_calls_total',
} as const satisfies MetricDefinition;

/** Calls that named a floating alias, by `gen_ai.provider.name` and `gen_ai.request.model`. */
export const METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS = {
  name: 'driftwatch.model.unpinned_calls',
  unit: '{call}',
  instrument: 'counter',
  description: 'LLM calls that requested a floating model alias instead of a dated checkpoint.',
  prometheusName: 'driftwatch_model_unpinned_calls_total',
} as const satisfies MetricDefinition;

/** New response models or fingerprints for a label, by `gen_ai.request.model` and `driftwatch.model.change.kind`. */
export const METRIC_DRIFTWATCH_MODEL_CHANGES = {
  name: 'driftwatch.model.changes',
  unit: '{change}',
  instrument: 'counter',
  description: 'Response models or system fingerprints not seen before for the requested model label.',
  prometheusName: 'driftwatch_model_changes_total',
} as const satisfies MetricDefinition;

/**
 * Info-style gauge per `gen_ai.provider.name`, `gen_ai.request.model`, `gen_ai.response.model` and
 * `openai.response.system_fingerprint`: 1 for the checkpoint serving the label now, 0 for those it replaced (a
 * cumulative SDK keeps reporting every series it has seen). Query with `== 1`; a new series is a change, also
 * across restarts.
 */
export const METRIC_DRIFTWATCH_MODEL_CHECKPOINT = {
  name: 'driftwatch.model.checkpoint',
  unit: '{checkpoint}',
  instrument: 'gauge',
  description: 'Checkpoints serving each requested model label: 1 for the current one, 0 for those it replaced.',
  prometheusName: 'driftwatch_model_checkpoint',
} as const satisfies MetricDefinition;

/** Input tokens / context window per call, by `gen_ai.provider.name`, `gen_ai.request.model`, `gen_ai.agent.name`. */
export const METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO = {
  name: 'driftwatch.context.fill_ratio',
  unit: '1',
  instrument: 'histogram',
  description: "Share of the model's context window used by the call's input.",
  buckets: DRIFTWATCH_CONTEXT_FILL_BUCKETS,
  prometheusName: 'driftwatch_context_fill_ratio',
} as const satisfies MetricDefinition;

/** Cost per run in USD, by `gen_ai.agent.name` (priced runs only). */
export const METRIC_DRIFTWATCH_AGENT_COST = {
  name: 'driftwatch.agent.cost',
  unit: '{USD}',
  instrument: 'histogram',
  description: 'Cost of an agent run in USD, nested agents included.',
  buckets: DRIFTWATCH_RUN_COST_BUCKETS,
  prometheusName: 'driftwatch_agent_cost',
} as const satisfies MetricDefinition;

/** Tokens per run, by `gen_ai.agent.name` and `gen_ai.token.type`. */
export const METRIC_DRIFTWATCH_AGENT_TOKENS = {
  name: 'driftwatch.agent.tokens',
  unit: '{token}',
  instrument: 'histogram',
  description: 'Input and output tokens of an agent run, nested agents included.',
  buckets: GEN_AI_TOKEN_USAGE_BUCKETS,
  prometheusName: 'driftwatch_agent_tokens',
} as const satisfies MetricDefinition;

/** Steps (LLM calls plus tool calls) per run, by `gen_ai.agent.name`. */
export const METRIC_DRIFTWATCH_AGENT_STEPS = {
  name: 'driftwatch.agent.steps',
  unit: '{step}',
  instrument: 'histogram',
  description: 'LLM calls plus tool calls of an agent run, nested agents included.',
  buckets: DRIFTWATCH_RUN_STEPS_BUCKETS,
  prometheusName: 'driftwatch_agent_steps',
} as const satisfies MetricDefinition;

/**
 * LLM requests that moved to the next provider after a retryable failure, by `driftwatch.fallback.from_provider`,
 * `driftwatch.fallback.to_provider` and `driftwatch.fallback.reason`. Users still get answers: this is how an
 * operator sees the primary degrade.
 */
export const METRIC_DRIFTWATCH_LLM_FALLBACKS = {
  name: 'driftwatch.llm.fallbacks',
  unit: '{fallback}',
  instrument: 'counter',
  description: 'LLM requests that fell back to the next provider after a retryable failure.',
  prometheusName: 'driftwatch_llm_fallbacks_total',
} as const satisfies MetricDefinition;

/** Evaluation scores in 0..1, fine near the top where quality lives. */
export const DRIFTWATCH_EVALUATION_SCORE_BUCKETS = [0.1, 0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1] as const;

/**
 * Quality scores (0..1) of evaluators, judges and feedback, by `gen_ai.evaluation.name`, `gen_ai.agent.name` and
 * `gen_ai.request.model`. Sum/count is the mean score: the "quality score drops 20% in 24 h" signal.
 */
export const METRIC_DRIFTWATCH_EVALUATION_SCORE = {
  name: 'driftwatch.evaluation.score',
  unit: '1',
  instrument: 'histogram',
  description: 'Quality scores of LLM calls and agent runs, from evaluators, judges and feedback.',
  buckets: DRIFTWATCH_EVALUATION_SCORE_BUCKETS,
  prometheusName: 'driftwatch_evaluation_score',
} as const satisfies MetricDefinition;

/** Evaluations labelled `fail`, by `gen_ai.evaluation.name`, `gen_ai.agent.name` and `gen_ai.request.model`. */
export const METRIC_DRIFTWATCH_EVALUATION_FAILURES = {
  name: 'driftwatch.evaluation.failures',
  unit: '{evaluation}',
  instrument: 'counter',
  description: 'Evaluations that failed (label fail).',
  prometheusName: 'driftwatch_evaluation_failures_total',
} as const satisfies MetricDefinition;

/**
 * Evaluations that could not run, by `gen_ai.evaluation.name` and `driftwatch.drop.reason` (`queue_full`,
 * `budget`, `timeout`, `judge_error`, `evaluator_error`, `malformed_judge_output`). Sampled-out calls are not drops.
 */
export const METRIC_DRIFTWATCH_EVALUATION_DROPPED = {
  name: 'driftwatch.evaluation.dropped',
  unit: '{evaluation}',
  instrument: 'counter',
  description: 'Evaluations dropped or errored instead of producing a score.',
  prometheusName: 'driftwatch_evaluation_dropped_total',
} as const satisfies MetricDefinition;

/** Every metric above, for generators (dashboards, relabel rules) and tests. */
export const METRICS: readonly MetricDefinition[] = [
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_DURATION,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_DRIFTWATCH_TOOL_DURATION,
  METRIC_DRIFTWATCH_LLM_COST,
  METRIC_DRIFTWATCH_LLM_UNPRICED_CALLS,
  METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS,
  METRIC_DRIFTWATCH_MODEL_CHANGES,
  METRIC_DRIFTWATCH_MODEL_CHECKPOINT,
  METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO,
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_EVALUATION_FAILURES,
  METRIC_DRIFTWATCH_EVALUATION_DROPPED,
  METRIC_DRIFTWATCH_LLM_FALLBACKS,
];
