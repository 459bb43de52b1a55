import { diag } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv } from '@opentelemetry/core';
import {
  ConsoleMetricExporter,
  type MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { componentsFromExporterList } from './environment-exporter-list';
import { loadOptionalPackage } from './optional-package';
import { otlpExporter } from './otlp-exporters';

const DEFAULT_INTERVAL_MILLIS = 60_000;
const DEFAULT_TIMEOUT_MILLIS = 30_000;

/** The part of `@opentelemetry/exporter-prometheus` used here (optional: no compile-time dependency). */
interface PrometheusModule {
  PrometheusExporter: new (options: { host?: string; port?: number }) => MetricReader;
}

function positiveNumber(name: string): number | undefined {
  const value = getNumberFromEnv(name);
  if (value === undefined || value > 0) return value;
  diag.warn(`@driftwatch/instrumentation: ${name}=${value} is not greater than 0; using the default`);
  return undefined;
}

/** `OTEL_METRIC_EXPORT_INTERVAL`/`_TIMEOUT`, the timeout clamped to the interval as NodeSDK does. */
function periodicReader(exporter: PushMetricExporter): MetricReader {
  const exportIntervalMillis = positiveNumber('OTEL_METRIC_EXPORT_INTERVAL') ?? DEFAULT_INTERVAL_MILLIS;
  const exportTimeoutMillis = Math.min(
    positiveNumber('OTEL_METRIC_EXPORT_TIMEOUT') ?? DEFAULT_TIMEOUT_MILLIS,
    exportIntervalMillis,
  );
  return new PeriodicExportingMetricReader({ exporter, exportIntervalMillis, exportTimeoutMillis });
}

function metricReader(name: string): MetricReader | undefined {
  switch (name) {
    case 'otlp':
      return periodicReader(otlpExporter('metrics'));
    case 'console':
      return new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter() });
    case 'prometheus': {
      const { PrometheusExporter } = loadOptionalPackage<PrometheusModule>('@opentelemetry/exporter-prometheus');
      return new PrometheusExporter({
        host: getStringFromEnv('OTEL_EXPORTER_PROMETHEUS_HOST'),
        port: getNumberFromEnv('OTEL_EXPORTER_PROMETHEUS_PORT'),
      });
    }
    default:
      diag.warn(`@driftwatch/instrumentation: unsupported OTEL_METRICS_EXPORTER value "${name}"`);
      return undefined;
  }
}

/** The metric readers `OTEL_METRICS_EXPORTER` asks for (`otlp` by default, `console`, `prometheus`, `none`). */
export function metricReadersFromEnvironment(): MetricReader[] {
  return componentsFromExporterList('OTEL_METRICS_EXPORTER', metricReader);
}
