import { METRIC_GEN_AI_CLIENT_OPERATION_DURATION, METRIC_GEN_AI_CLIENT_TOKEN_USAGE } from '@driftwatch/semconv';
import type { ExportRequest } from '../otlp/otlp-codec';
import { readAttributes, type WireKeyValue } from '../otlp/wire-attributes';
import type { SourceRegistry } from './source-registry';

const CLIENT_METRICS = new Set<string>([
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name,
]);

/**
 * Notes the sources that record the conventions' client metrics themselves (they pass through unchanged), so
 * the gateway stops deriving those two for them; every other metric is still derived.
 */
export function observeMetrics(request: ExportRequest, sources: SourceRegistry): number {
  let points = 0;
  const resourceMetrics = (request.resourceMetrics ?? []) as Array<{
    resource?: { attributes?: WireKeyValue[] } | null;
    scopeMetrics?: Array<{ metrics?: Array<{ name?: string }> }>;
  }>;
  for (const resourceMetric of resourceMetrics) {
    let recordsClientMetrics = false;
    for (const scope of resourceMetric.scopeMetrics ?? []) {
      for (const metric of scope.metrics ?? []) {
        points += 1;
        if (CLIENT_METRICS.has(metric.name ?? '')) recordsClientMetrics = true;
      }
    }
    if (recordsClientMetrics)
      sources.pipelineFor(readAttributes(resourceMetric.resource?.attributes)).recordsClientMetrics = true;
  }
  return points;
}
