import { describe, expect, it } from 'vitest';
import { exportSampleExponentialHistogram, exportSampleMetrics, type Protocol } from './helpers/otel-pipelines';
import { useOtlpReceiver } from './helpers/suite-servers';

const PROTOCOLS: Protocol[] = ['protobuf', 'json'];
const SCOPE = { name: 'driftwatch-test-meter', version: '0.9.0' };
const RESOURCE = { 'service.name': 'driftwatch-test', 'deployment.environment.name': 'ci' };

describe('OTLP receiver: metrics from the real metric exporters', () => {
  const otlp = useOtlpReceiver();

  for (const protocol of PROTOCOLS) {
    it(`should decode ${protocol} histogram buckets, sums and gauges exactly`, async () => {
      await exportSampleMetrics({ endpoint: otlp.receiver.url, protocol });
      await otlp.receiver.waitFor((current) => current.metrics().length === 3);
      const byName = new Map(otlp.receiver.metrics().map((point) => [point.name, point]));
      const histogram = byName.get('gen_ai.client.token.usage');
      expect(histogram).toEqual({
        name: 'gen_ai.client.token.usage',
        unit: '{token}',
        description: 'Tokens used',
        type: 'histogram',
        temporality: 'cumulative',
        attributes: { 'gen_ai.token.type': 'input' },
        startTimeUnixNano: expect.stringMatching(/^\d{19}$/),
        timeUnixNano: expect.stringMatching(/^\d{19}$/),
        count: 6,
        sum: 1126.5,
        min: 0.5,
        max: 1000,
        bucketCounts: [1, 2, 0, 1, 1, 1],
        explicitBounds: [1, 4, 16, 64, 256],
        resource: RESOURCE,
        scope: SCOPE,
      });
      expect(byName.get('driftwatch.calls')).toMatchObject({
        type: 'sum',
        unit: '{call}',
        temporality: 'cumulative',
        isMonotonic: true,
        value: 3,
        attributes: { 'gen_ai.request.model': 'gpt-4o-mini' },
      });
      expect(byName.get('driftwatch.queue.depth')).toMatchObject({ type: 'gauge', value: 7.5, attributes: {} });
      expect(byName.get('driftwatch.queue.depth')).not.toHaveProperty('temporality');
    });
  }

  it('should decode exponential histograms the same way from protobuf and JSON', async () => {
    const decoded = [];
    for (const protocol of PROTOCOLS) {
      otlp.receiver.reset();
      await exportSampleExponentialHistogram({ endpoint: otlp.receiver.url, protocol });
      await otlp.receiver.waitFor((current) => current.metrics().length === 1);
      decoded.push(otlp.receiver.metrics()[0]);
    }
    const [fromProtobuf, fromJson] = decoded;
    expect(fromProtobuf).toMatchObject({
      type: 'exponential_histogram',
      temporality: 'cumulative',
      count: 5,
      sum: 15,
      min: 0,
      max: 8,
      zeroCount: 1,
      scale: expect.any(Number),
    });
    const positiveCounts = fromProtobuf?.positive?.bucketCounts ?? [];
    expect(positiveCounts.reduce((total, count) => total + count, 0)).toBe(4);
    expect({ ...fromJson, startTimeUnixNano: '', timeUnixNano: '' }).toEqual({
      ...fromProtobuf,
      startTimeUnixNano: '',
      timeUnixNano: '',
    });
  });

  it('should report delta temporality', async () => {
    await exportSampleMetrics({ endpoint: otlp.receiver.url, protocol: 'protobuf', delta: true });
    await otlp.receiver.waitFor((current) => current.metrics().length === 3);
    const histogram = otlp.receiver.metrics().find((point) => point.type === 'histogram');
    expect(histogram?.temporality).toBe('delta');
  });
});
