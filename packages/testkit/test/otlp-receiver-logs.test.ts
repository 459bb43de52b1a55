import { describe, expect, it } from 'vitest';
import { exportSampleLogs, type Protocol } from './helpers/otel-pipelines';
import { useOtlpReceiver } from './helpers/suite-servers';

const PROTOCOLS: Protocol[] = ['protobuf', 'json'];

describe('OTLP receiver: logs from the real log exporters', () => {
  const otlp = useOtlpReceiver();

  for (const protocol of PROTOCOLS) {
    it(`should decode ${protocol} event records with body, attributes and span context`, async () => {
      const spanContext = await exportSampleLogs({ endpoint: otlp.receiver.url, protocol });
      await otlp.receiver.waitFor((current) => current.logs().length === 1);
      expect(otlp.receiver.logs()[0]).toEqual({
        body: { message: 'hello', nested: { count: 2, flags: [true, false] } },
        eventName: 'gen_ai.client.inference.operation.details',
        severityNumber: 9,
        severityText: 'INFO',
        timeUnixNano: expect.stringMatching(/^\d{19}$/),
        observedTimeUnixNano: expect.stringMatching(/^\d{19}$/),
        attributes: { 'gen_ai.provider.name': 'openai', 'driftwatch.score': 0.75 },
        traceId: spanContext.traceId,
        spanId: spanContext.spanId,
        resource: { 'service.name': 'driftwatch-test', 'deployment.environment.name': 'ci' },
        scope: { name: 'driftwatch-test-logger', version: '4.5.6' },
      });
      expect(otlp.receiver.requests.map((request) => request.signal)).toEqual(['logs']);
    });
  }
});
