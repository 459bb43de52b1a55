import * as semconv from '@driftwatch/semconv';
import {
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_USAGE_BUCKETS,
  METRICS,
  prometheusLabelName,
  prometheusMetricName,
} from '@driftwatch/semconv';
import { describe, expect, it } from 'vitest';

describe('@driftwatch/semconv', () => {
  it('should name every metric in Prometheus the way UnderscoreEscapingWithSuffixes does', () => {
    for (const metric of METRICS) expect(prometheusMetricName(metric)).toBe(metric.prometheusName);
  });

  it.each([
    [
      { name: 'gen_ai.client.operation.duration', unit: 's', instrument: 'histogram' },
      'gen_ai_client_operation_duration_seconds',
    ],
    [{ name: 'gen_ai.client.token.usage', unit: '{token}', instrument: 'histogram' }, 'gen_ai_client_token_usage'],
    [{ name: 'x.cost', unit: 'USD', instrument: 'counter' }, 'x_cost_USD_total'],
    [{ name: 'x.calls', unit: '{call}', instrument: 'counter' }, 'x_calls_total'],
    [{ name: 'x.fill', unit: '1', instrument: 'gauge' }, 'x_fill_ratio'],
    [{ name: 'x.size', unit: 'By', instrument: 'gauge' }, 'x_size_bytes'],
    [{ name: 'x.rate', unit: 'By/s', instrument: 'gauge' }, 'x_rate_bytes_per_second'],
    [{ name: 'x.latency', unit: 'ms', instrument: 'histogram' }, 'x_latency_milliseconds'],
  ] as const)('should translate %o to %s', (metric, expected) => {
    expect(prometheusMetricName(metric)).toBe(expected);
  });

  it('should escape attribute names to label names', () => {
    expect(prometheusLabelName('gen_ai.token.type')).toBe('gen_ai_token_type');
    expect(prometheusLabelName('error.type')).toBe('error_type');
    expect(prometheusLabelName('_private')).toBe('key_private');
    expect(prometheusLabelName('1st')).toBe('key_1st');
  });

  it('should pin the bucket boundaries of the GenAI conventions v1.41.1', () => {
    expect(GEN_AI_TOKEN_USAGE_BUCKETS).toEqual(Array.from({ length: 14 }, (_, index) => 4 ** index));
    expect(GEN_AI_DURATION_BUCKETS).toEqual(
      Array.from({ length: 14 }, (_, index) => Number((0.01 * 2 ** index).toFixed(2))),
    );
  });

  it('should export each attribute name once, as the literal it stands for', () => {
    const attributes = Object.entries(semconv).filter(([key]) => key.startsWith('ATTR_'));
    const values = attributes.map(([, value]) => value as string);
    expect(new Set(values).size).toBe(values.length);
    for (const [key, value] of attributes) {
      expect(key).toBe(`ATTR_${(value as string).toUpperCase().replace(/\./g, '_')}`);
    }
  });
});
