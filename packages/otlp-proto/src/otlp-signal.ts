/** The three OTLP signals, named as in their `/v1/<signal>` paths. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/** The signal each OTLP/HTTP path carries. */
export const SIGNAL_BY_PATH: Readonly<Record<string, OtlpSignal>> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};
