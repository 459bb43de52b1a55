import type { ReceivedMetricPoint, ReceivedMetricType } from '../types';
import type { WireDataPoint, WireMetric, WireMetricsRequest, WirePointList } from './otlp-wire-types';
import { decimalString, enumNumber, optionalNumber, plainAttributes, plainScope, toNumber } from './wire-values';

const TEMPORALITY_NAMES = [
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
] as const;

type PointFields = Omit<ReceivedMetricPoint, 'name' | 'unit' | 'description' | 'type' | 'resource' | 'scope'>;

function metricData(metric: WireMetric): { type: ReceivedMetricType; list: WirePointList } | undefined {
  if (metric.histogram) return { type: 'histogram', list: metric.histogram };
  if (metric.sum) return { type: 'sum', list: metric.sum };
  if (metric.gauge) return { type: 'gauge', list: metric.gauge };
  if (metric.exponentialHistogram) return { type: 'exponential_histogram', list: metric.exponentialHistogram };
  if (metric.summary) return { type: 'summary', list: metric.summary };
  return undefined;
}

function temporalityOf(list: WirePointList): 'cumulative' | 'delta' | undefined {
  const temporality = enumNumber(list.aggregationTemporality, TEMPORALITY_NAMES);
  if (temporality === 1) return 'delta';
  return temporality === 2 ? 'cumulative' : undefined;
}

function buckets(value: WireDataPoint['positive']) {
  return value ? { offset: value.offset ?? 0, bucketCounts: (value.bucketCounts ?? []).map(toNumber) } : undefined;
}

function pointFields(options: { type: ReceivedMetricType; point: WireDataPoint }): PointFields {
  const { type, point } = options;
  const fields: PointFields = {
    attributes: plainAttributes(point.attributes),
    startTimeUnixNano: decimalString(point.startTimeUnixNano),
    timeUnixNano: decimalString(point.timeUnixNano),
  };
  if (type === 'sum' || type === 'gauge') {
    fields.value = point.asDouble !== undefined ? Number(point.asDouble) : toNumber(point.asInt);
    return fields;
  }
  const extra: PointFields = {
    ...fields,
    count: toNumber(point.count),
    sum: optionalNumber(point.sum),
    min: optionalNumber(point.min),
    max: optionalNumber(point.max),
  };
  if (type === 'histogram') {
    extra.bucketCounts = (point.bucketCounts ?? []).map(toNumber);
    extra.explicitBounds = (point.explicitBounds ?? []).map(Number);
  } else if (type === 'exponential_histogram') {
    Object.assign(extra, { scale: point.scale ?? 0, zeroCount: toNumber(point.zeroCount) });
    extra.positive = buckets(point.positive);
    extra.negative = buckets(point.negative);
  } else {
    extra.quantileValues = (point.quantileValues ?? []).map((entry) => ({
      quantile: toNumber(entry.quantile),
      value: toNumber(entry.value),
    }));
  }
  return Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)) as PointFields;
}

/** Every data point of an export request, each with its metric's name, unit, type, temporality, resource and scope. */
export function flattenMetrics(request: WireMetricsRequest): ReceivedMetricPoint[] {
  return (request.resourceMetrics ?? []).flatMap((resourceMetrics) => {
    const resource = plainAttributes(resourceMetrics.resource?.attributes);
    return (resourceMetrics.scopeMetrics ?? []).flatMap((scopeMetrics) => {
      const scope = plainScope(scopeMetrics.scope);
      return (scopeMetrics.metrics ?? []).flatMap((metric) => {
        const data = metricData(metric);
        if (!data) return [];
        const temporality = temporalityOf(data.list);
        const common = {
          name: metric.name ?? '',
          unit: metric.unit ?? '',
          description: metric.description ?? '',
          type: data.type,
          ...(temporality ? { temporality } : {}),
          ...(data.type === 'sum' ? { isMonotonic: data.list.isMonotonic ?? false } : {}),
        };
        return (data.list.dataPoints ?? []).map((point) => ({
          ...common,
          ...pointFields({ type: data.type, point }),
          resource,
          scope,
        }));
      });
    });
  });
}
