import { describe, expect, it } from 'vitest';
import { exportSampleSpans, hrTimeToNanos, type Protocol } from './helpers/otel-pipelines';
import { useOtlpReceiver } from './helpers/suite-servers';

const CASES: Array<{ protocol: Protocol; gzip: boolean; contentType: string }> = [
  { protocol: 'protobuf', gzip: false, contentType: 'application/x-protobuf' },
  { protocol: 'protobuf', gzip: true, contentType: 'application/x-protobuf' },
  { protocol: 'json', gzip: false, contentType: 'application/json' },
  { protocol: 'json', gzip: true, contentType: 'application/json' },
];

describe('OTLP receiver: spans from the real trace exporters', () => {
  const otlp = useOtlpReceiver();

  for (const { protocol, gzip, contentType } of CASES) {
    it(`should decode ${protocol}${gzip ? ' gzip' : ''} spans with exact ids, parents, times and attributes`, async () => {
      const sent = await exportSampleSpans({ endpoint: otlp.receiver.url, protocol, gzip });
      await otlp.receiver.waitFor((current) => current.spans().length === 2);
      expect(otlp.receiver.requests[0]).toMatchObject({ signal: 'traces', contentType, status: 200 });
      expect(otlp.receiver.requests[0]?.headers['content-encoding']).toBe(gzip ? 'gzip' : undefined);

      const parent = otlp.receiver.spans().find((span) => span.name === 'chat gpt-4o-mini');
      const child = otlp.receiver.spans().find((span) => span.name === 'execute_tool lookup');
      const sentParent = sent.find((span) => span.name === 'chat gpt-4o-mini');
      const sentChild = sent.find((span) => span.name === 'execute_tool lookup');
      expect(parent).toEqual({
        traceId: sentParent?.spanContext().traceId,
        spanId: sentParent?.spanContext().spanId,
        parentSpanId: '',
        traceState: '',
        name: 'chat gpt-4o-mini',
        kind: 3,
        startTimeUnixNano: hrTimeToNanos(sentParent?.startTime ?? [0, 0]),
        endTimeUnixNano: hrTimeToNanos(sentParent?.endTime ?? [0, 0]),
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.usage.input_tokens': 1234,
          'gen_ai.request.temperature': 0.25,
          'gen_ai.request.stream': true,
          'gen_ai.response.finish_reasons': ['stop', 'length'],
          'gen_ai.request.stop_sequences': [],
          'driftwatch.big_int': 9_007_199_254_740_991,
        },
        events: [
          {
            name: 'gen_ai.content.prompt',
            timeUnixNano: hrTimeToNanos(sentParent?.events[0]?.time ?? [0, 0]),
            attributes: { 'gen_ai.prompt': 'Hello', index: 2 },
          },
        ],
        links: [],
        status: { code: 2, message: 'rate limited' },
        resource: { 'service.name': 'driftwatch-test', 'deployment.environment.name': 'ci' },
        scope: { name: 'driftwatch-test-scope', version: '1.2.3' },
      });
      expect(parent?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(parent?.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(child).toMatchObject({
        traceId: parent?.traceId,
        spanId: sentChild?.spanContext().spanId,
        parentSpanId: parent?.spanId,
        kind: 1,
        status: { code: 1, message: '' },
        attributes: {},
      });
    });
  }
});
