import type { OtlpReceiver, ReceivedMetricPoint } from '@driftwatch/testkit';

/**
 * The current total of a cumulative metric of one source: the newest point of each series (the receiver keeps
 * every export's points), summed over series. Histograms give their sum, counters their value.
 */
export function currentTotal(options: {
  receiver: OtlpReceiver;
  name: string;
  serviceName: string;
  where?: (attributes: Record<string, unknown>) => boolean;
  field?: 'sum' | 'count';
}): number {
  const latest = new Map<string, ReceivedMetricPoint>();
  for (const point of options.receiver.metrics()) {
    if (point.name !== options.name || point.resource['service.name'] !== options.serviceName) continue;
    if (options.where !== undefined && !options.where(point.attributes)) continue;
    latest.set(JSON.stringify([point.resource, point.attributes]), point);
  }
  let total = 0;
  for (const point of latest.values()) {
    total += options.field === 'count' ? (point.count ?? 0) : (point.sum ?? point.value ?? 0);
  }
  return total;
}
