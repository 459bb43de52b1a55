/** The three OTLP signals the gateway accepts, named as in their `/v1/<signal>` paths. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

export const SIGNAL_BY_PATH: Readonly<Record<string, OtlpSignal>> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

/** The top-level list of each signal's export request. */
export const RESOURCE_LIST_FIELD: Readonly<Record<OtlpSignal, string>> = {
  traces: 'resourceSpans',
  metrics: 'resourceMetrics',
  logs: 'resourceLogs',
};
