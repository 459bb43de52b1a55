import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { NextHop } from './next-hop';

/** `OTEL_METRIC_EXPORT_INTERVAL` in milliseconds (default 60000, as the SDKs). */
export function metricExportIntervalMillis(environment: NodeJS.ProcessEnv = process.env): number {
  const value = Number(environment.OTEL_METRIC_EXPORT_INTERVAL);
  return Number.isFinite(value) && value > 0 ? value : 60_000;
}

/**
 * The metrics exporter to the next hop (the SDK's OTLP/HTTP exporter, given the hop read at start),
 * adding `replicaAttribute` to every point: replicas behind trace-ID load balancing each export their share of a
 * source's series, and the attribute keeps those series apart so that a sum over it equals one replica's figure.
 */
export function createMetricExporter(hop: NextHop, replicaAttribute: Record<string, string>): PushMetricExporter {
  const config = { url: hop.url, headers: { ...hop.headers }, timeoutMillis: hop.timeoutMillis };
  const inner =
    hop.contentType === 'application/json' ? new JsonMetricExporter(config) : new ProtobufMetricExporter(config);
  return {
    export(metrics: ResourceMetrics, resultCallback) {
      for (const scope of metrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          for (const point of metric.dataPoints as Array<{ attributes: Record<string, unknown> }>) {
            point.attributes = { ...point.attributes, ...replicaAttribute };
          }
        }
      }
      inner.export(metrics, resultCallback);
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
    selectAggregation: inner.selectAggregation?.bind(inner),
  };
}
