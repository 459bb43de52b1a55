import { ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { untilAborted } from './deadline';
import type { NextHop } from './next-hop';

/** `OTEL_METRIC_EXPORT_INTERVAL` in milliseconds (default 60000, as the SDKs). */
export function metricExportIntervalMillis(environment: NodeJS.ProcessEnv = process.env): number {
  const value = Number(environment.OTEL_METRIC_EXPORT_INTERVAL);
  return Number.isFinite(value) && value > 0 ? value : 60_000;
}

/** The timeout the SDK's periodic reader gives one export: the interval, at most 30 s. */
export function metricExportTimeoutMillis(exportIntervalMillis: number): number {
  return Math.min(exportIntervalMillis, 30_000);
}

/** How the gateway hears of exports the next hop did not take, and when it stops waiting for them. */
export interface MetricExportWatch {
  /** Aborted at the shutdown deadline: an export still waiting is given up, and later ones fail at once. */
  readonly deadline: AbortSignal;
  /** Told of an export the next hop did not take: its data points and why. */
  readonly onUndelivered: (points: number, reason: string) => void;
}

function countPoints(metrics: ResourceMetrics): number {
  let points = 0;
  for (const scope of metrics.scopeMetrics) for (const metric of scope.metrics) points += metric.dataPoints.length;
  return points;
}

/**
 * The metrics exporter to the next hop (the SDK's OTLP/HTTP exporter, given the hop read at start),
 * adding `replicaAttribute` to every point: replicas behind trace-ID load balancing each export their share of a
 * source's series, and the attribute keeps those series apart so that a sum over it equals one replica's figure.
 *
 * An export the hop does not take within the reader's timeout (less a tenth) or by the shutdown deadline is told to
 * `watch` and reported to the reader as done: the gateway says it once, in its own words, where the SDK's reader
 * would log a line per source app and per interval.
 */
export function createMetricExporter(options: {
  hop: NextHop;
  replicaAttribute: Record<string, string>;
  exportIntervalMillis: number;
  watch: MetricExportWatch;
}): PushMetricExporter {
  const { hop, replicaAttribute, watch } = options;
  const config = { url: hop.url, headers: { ...hop.headers }, timeoutMillis: hop.timeoutMillis };
  const inner =
    hop.contentType === 'application/json' ? new JsonMetricExporter(config) : new ProtobufMetricExporter(config);
  const giveUpMillis = Math.floor(metricExportTimeoutMillis(options.exportIntervalMillis) * 0.9);
  return {
    export(metrics: ResourceMetrics, resultCallback) {
      for (const scope of metrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          for (const point of metric.dataPoints as Array<{ attributes: Record<string, unknown> }>) {
            point.attributes = { ...point.attributes, ...replicaAttribute };
          }
        }
      }
      const points = countPoints(metrics);
      let settled = false;
      const settle = (failure: string | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        watch.deadline.removeEventListener('abort', onDeadline);
        if (failure !== undefined) watch.onUndelivered(points, failure);
        resultCallback({ code: ExportResultCode.SUCCESS });
      };
      const onDeadline = () => settle('not delivered by the shutdown deadline');
      const timer = setTimeout(() => settle(`no answer within ${giveUpMillis} ms`), giveUpMillis);
      timer.unref();
      if (watch.deadline.aborted) {
        onDeadline();
        return;
      }
      watch.deadline.addEventListener('abort', onDeadline, { once: true });
      try {
        inner.export(metrics, (result) =>
          settle(result.code === ExportResultCode.SUCCESS ? undefined : (result.error?.message ?? 'export failed')),
        );
      } catch (error) {
        settle(error instanceof Error ? error.message : String(error));
      }
    },
    forceFlush: () => untilAborted(inner.forceFlush(), watch.deadline),
    shutdown: () => untilAborted(inner.shutdown(), watch.deadline),
    selectAggregationTemporality: inner.selectAggregationTemporality?.bind(inner),
    selectAggregation: inner.selectAggregation?.bind(inner),
  };
}
