// Prometheus series and label names, all derived from @driftwatch/semconv: dashboards and rules never spell a
// metric name by hand, so a rename in the semconv table cannot leave a panel or an alert silently empty.
import {
  ATTR_DRIFTWATCH_AGENT_OUTCOME,
  ATTR_DRIFTWATCH_COST_UNPRICED_REASON,
  ATTR_DRIFTWATCH_DROP_REASON,
  ATTR_DRIFTWATCH_ESCALATION_CATEGORY,
  ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER,
  ATTR_DRIFTWATCH_FALLBACK_REASON,
  ATTR_DRIFTWATCH_FALLBACK_TO_PROVIDER,
  ATTR_DRIFTWATCH_MODEL_CHANGE_KIND,
  ATTR_DRIFTWATCH_OUTCOME_NAME,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  METRICS,
  type MetricDefinition,
  prometheusLabelName,
} from '@driftwatch/semconv';

/** Resource attributes promoted to labels (Collector `transform/promote`, or the scrape config's target labels). */
export const RESOURCE_SERVICE_NAME = 'service.name' as const;
export const RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name' as const;

/** Label names as they appear in Prometheus. */
export const LABEL = {
  service: prometheusLabelName(RESOURCE_SERVICE_NAME),
  environment: prometheusLabelName(RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME),
  agent: prometheusLabelName(ATTR_GEN_AI_AGENT_NAME),
  outcome: prometheusLabelName(ATTR_DRIFTWATCH_AGENT_OUTCOME),
  escalationCategory: prometheusLabelName(ATTR_DRIFTWATCH_ESCALATION_CATEGORY),
  outcomeName: prometheusLabelName(ATTR_DRIFTWATCH_OUTCOME_NAME),
  tool: prometheusLabelName(ATTR_GEN_AI_TOOL_NAME),
  errorType: prometheusLabelName(ATTR_ERROR_TYPE),
  provider: prometheusLabelName(ATTR_GEN_AI_PROVIDER_NAME),
  operation: prometheusLabelName(ATTR_GEN_AI_OPERATION_NAME),
  requestModel: prometheusLabelName(ATTR_GEN_AI_REQUEST_MODEL),
  responseModel: prometheusLabelName(ATTR_GEN_AI_RESPONSE_MODEL),
  fingerprint: prometheusLabelName(ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT),
  tokenType: prometheusLabelName(ATTR_GEN_AI_TOKEN_TYPE),
  changeKind: prometheusLabelName(ATTR_DRIFTWATCH_MODEL_CHANGE_KIND),
  evaluation: prometheusLabelName(ATTR_GEN_AI_EVALUATION_NAME),
  dropReason: prometheusLabelName(ATTR_DRIFTWATCH_DROP_REASON),
  fallbackFrom: prometheusLabelName(ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER),
  fallbackTo: prometheusLabelName(ATTR_DRIFTWATCH_FALLBACK_TO_PROVIDER),
  fallbackReason: prometheusLabelName(ATTR_DRIFTWATCH_FALLBACK_REASON),
  unpricedReason: prometheusLabelName(ATTR_DRIFTWATCH_COST_UNPRICED_REASON),
} as const;

/** The labels every per-service aggregation keeps: never `job`/`instance`, whose meaning depends on the path. */
export const SERVICE_KEYS = [LABEL.service, LABEL.environment] as const;
/** Per-agent aggregations. */
export const AGENT_KEYS = [...SERVICE_KEYS, LABEL.agent] as const;

/** The series name of a counter or gauge. */
export function series(metric: MetricDefinition): string {
  if (metric.instrument === 'histogram')
    throw new Error(`${metric.name} is a histogram: use bucket(), sum() or count()`);
  return metric.prometheusName;
}

function histogramSeries(metric: MetricDefinition, suffix: 'bucket' | 'sum' | 'count'): string {
  if (metric.instrument !== 'histogram') throw new Error(`${metric.name} is not a histogram`);
  return `${metric.prometheusName}_${suffix}`;
}

export const bucket = (metric: MetricDefinition) => histogramSeries(metric, 'bucket');
export const sumOf = (metric: MetricDefinition) => histogramSeries(metric, 'sum');
export const countOf = (metric: MetricDefinition) => histogramSeries(metric, 'count');

/** Every series name the semconv table produces (histograms as `_bucket`, `_sum`, `_count`). */
export function semconvSeriesNames(metrics: readonly MetricDefinition[] = METRICS): Set<string> {
  const names = new Set<string>();
  for (const metric of metrics) {
    if (metric.instrument === 'histogram') {
      for (const suffix of ['bucket', 'sum', 'count'] as const) names.add(histogramSeries(metric, suffix));
    } else names.add(metric.prometheusName);
  }
  return names;
}

/** Series Prometheus itself provides, which queries may name besides the semconv table and recording rules. */
export const PROMETHEUS_BUILTIN_SERIES = ['ALERTS', 'ALERTS_FOR_STATE', 'target_info', 'up'] as const;
