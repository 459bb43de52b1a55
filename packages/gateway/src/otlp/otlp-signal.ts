import type { OtlpSignal } from '@driftwatch/otlp-proto';

/** The top-level list of each signal's export request. */
export const RESOURCE_LIST_FIELD: Readonly<Record<OtlpSignal, string>> = {
  traces: 'resourceSpans',
  metrics: 'resourceMetrics',
  logs: 'resourceLogs',
};
