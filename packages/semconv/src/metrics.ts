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

/** Every metric above, for generators (dashboards, relabel rules) and tests. */
export const METRICS: readonly MetricDefinition[] = [
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
];
