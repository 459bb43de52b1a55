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

type ProtocolExporters = Record<string, new () => unknown>;

/** The gRPC exporter packages' signal names (optional packages, not dependencies of Driftwatch). */
const GRPC_PACKAGE: Readonly<Record<Signal, string>> = { traces: 'trace', metrics: 'metrics', logs: 'logs' };

/**
 * Each protocol's exporters are required only when it is the configured one: an app on the default
 * `http/protobuf` never loads the JSON or gRPC exporters (nor gRPC itself). Literal relative `require` calls: the
 * build keeps each a file of its own, loaded when the call runs.
 */
const LOADERS: Readonly<Record<string, (signal: Signal) => ProtocolExporters>> = {
  'http/protobuf': () => require('./exporters/otlp-http-protobuf') as ProtocolExporters,
  'http/json': () => require('./exporters/otlp-http-json') as ProtocolExporters,
  grpc: (signal) => loadOptionalPackage<ProtocolExporters>(`@opentelemetry/exporter-${GRPC_PACKAGE[signal]}-otlp-grpc`),
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
  if (LOADERS[protocol] === undefined) {
    diag.warn(`@driftwatch/instrumentation: unsupported OTLP ${signal} protocol "${protocol}"; using http/protobuf`);
    protocol = 'http/protobuf';
  }
  const exports = (LOADERS[protocol] as (signal: Signal) => ProtocolExporters)(signal);
  const Exporter = exports[CLASS_NAME[signal]] as (new () => ExporterBySignal[S]) | undefined;
  if (Exporter === undefined) throw new Error(`no ${CLASS_NAME[signal]} for ${protocol}`);
  return new Exporter();
}
