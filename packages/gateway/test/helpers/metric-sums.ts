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

type AttributeFilter = (attributes: Record<string, unknown>) => boolean;

/** Readers of one source app's metrics at the receiver. */
export function sourceMetrics(receiver: OtlpReceiver, serviceName: string) {
  return {
    /** The current total of a metric (see {@link currentTotal}). */
    total: (name: string, where?: AttributeFilter, field?: 'sum' | 'count') =>
      currentTotal({ receiver, name, serviceName, where, field }),
    /** Points of `gen_ai.client.token.usage` of one token type. */
    tokens:
      (type: string): AttributeFilter =>
      (attributes) =>
        attributes['gen_ai.token.type'] === type,
    /** Whether token usage points came from the gateway (derived) or, with `false`, from the source itself. */
    hasUsageFrom: (gateway: boolean) =>
      receiver
        .metrics()
        .some(
          (point) =>
            point.resource['service.name'] === serviceName &&
            point.name === 'gen_ai.client.token.usage' &&
            (point.scope.name === '@driftwatch/gateway') === gateway,
        ),
  };
}
