// For apps scraped directly through OpenTelemetry JS's `exporter-prometheus` (OTEL_METRICS_EXPORTER=prometheus)
// instead of through the Collector: that exporter names series without unit suffixes (`..._duration_bucket`, not
// `..._duration_seconds_bucket`), so the shipped dashboards and rules would find nothing. These
// `metric_relabel_configs`, generated from the semconv table, rename its series to the canonical names.
import { METRICS, type MetricDefinition } from '@driftwatch/semconv';

/**
 * The series name `@opentelemetry/exporter-prometheus` gives a metric: invalid characters become `_` (runs of `_`
 * collapse), monotonic sums get `_total`, and the unit is left off.
 */
export function jsExporterMetricName(metric: Pick<MetricDefinition, 'name' | 'instrument'>): string {
  const name = metric.name.replace(/[^a-z0-9_]/gi, '_').replace(/_{2,}/g, '_');
  return metric.instrument === 'counter' && !name.endsWith('_total') ? `${name}_total` : name;
}

export interface RelabelConfig {
  readonly source_labels: readonly string[];
  readonly regex: string;
  readonly target_label: string;
  readonly replacement: string;
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One rename per metric whose exporter-prometheus name differs from its canonical (suffixed) one. */
export function jsExporterRelabelConfigs(metrics: readonly MetricDefinition[] = METRICS): RelabelConfig[] {
  const configs: RelabelConfig[] = [];
  for (const metric of metrics) {
    const from = jsExporterMetricName(metric);
    const to = metric.prometheusName;
    if (from === to) continue;
    const histogram = metric.instrument === 'histogram';
    configs.push({
      source_labels: ['__name__'],
      regex: histogram ? `${escapeRegex(from)}_(bucket|sum|count)` : escapeRegex(from),
      target_label: '__name__',
      replacement: histogram ? `${to}_\${1}` : to,
    });
  }
  return configs;
}
