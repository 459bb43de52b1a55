import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../src/index';
import { exportSampleLogs, type Protocol } from './helpers/otel-pipelines';

const PROTOCOLS: Protocol[] = ['protobuf', 'json'];

describe('OTLP receiver: logs from the real log exporters', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });

  beforeEach(() => {
    receiver.reset();
  });

  afterAll(async () => {
    await receiver.close();
  });

  for (const protocol of PROTOCOLS) {
    it(`should decode ${protocol} event records with body, attributes and span context`, async () => {
      const spanContext = await exportSampleLogs({ endpoint: receiver.url, protocol });
      await receiver.waitFor((current) => current.logs().length === 1);
      expect(receiver.logs()[0]).toEqual({
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
      expect(receiver.requests.map((request) => request.signal)).toEqual(['logs']);
    });
  }
});
