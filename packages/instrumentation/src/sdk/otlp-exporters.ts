import { diag } from '@opentelemetry/api';
import { getStringFromEnv } from '@opentelemetry/core';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { loadOptionalPackage } from './optional-package';

type Signal = 'traces' | 'metrics' | 'logs';

interface ExporterBySignal {
  traces: SpanExporter;
  metrics: PushMetricExporter;
  logs: LogRecordExporter;
}

const CLASS_NAME: Readonly<Record<Signal, string>> = {
  traces: 'OTLPTraceExporter',
  metrics: 'OTLPMetricExporter',
  logs: 'OTLPLogExporter',
};

/**
 * Each exporter package is required only when its protocol is the configured one: an app on the default
 * `http/protobuf` never loads the JSON or gRPC exporters (nor gRPC itself). Literal `require` calls, so bundlers
 * still see them.
 */
const LOADERS: Readonly<Record<Signal, Readonly<Record<string, () => unknown>>>> = {
  traces: {
    'http/protobuf': () => require('@opentelemetry/exporter-trace-otlp-proto'),
    'http/json': () => require('@opentelemetry/exporter-trace-otlp-http'),
    grpc: () => loadOptionalPackage('@opentelemetry/exporter-trace-otlp-grpc'),
  },
  metrics: {
    'http/protobuf': () => require('@opentelemetry/exporter-metrics-otlp-proto'),
    'http/json': () => require('@opentelemetry/exporter-metrics-otlp-http'),
    grpc: () => loadOptionalPackage('@opentelemetry/exporter-metrics-otlp-grpc'),
  },
  logs: {
    'http/protobuf': () => require('@opentelemetry/exporter-logs-otlp-proto'),
    'http/json': () => require('@opentelemetry/exporter-logs-otlp-http'),
    grpc: () => loadOptionalPackage('@opentelemetry/exporter-logs-otlp-grpc'),
  },
};

const SIGNAL_PROTOCOL_VARIABLE: Readonly<Record<Signal, string>> = {
  traces: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  metrics: 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL',
  logs: 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL',
};

/** The OTLP protocol of a signal: its own variable, else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`. */
export function otlpProtocol(signal: Signal): string {
  const value = getStringFromEnv(SIGNAL_PROTOCOL_VARIABLE[signal]) ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL');
  return value?.trim() || 'http/protobuf';
}

/** The OTLP exporter of one signal for the configured protocol (an unsupported one falls back to http/protobuf). */
export function otlpExporter<S extends Signal>(signal: S): ExporterBySignal[S] {
  let protocol = otlpProtocol(signal);
  if (LOADERS[signal][protocol] === undefined) {
    diag.warn(`@driftwatch/instrumentation: unsupported OTLP ${signal} protocol "${protocol}"; using http/protobuf`);
    protocol = 'http/protobuf';
  }
  const exports = (LOADERS[signal][protocol] as () => unknown)() as Record<string, new () => ExporterBySignal[S]>;
  const Exporter = exports[CLASS_NAME[signal]];
  if (Exporter === undefined) throw new Error(`no ${CLASS_NAME[signal]} for ${protocol}`);
  return new Exporter();
}
