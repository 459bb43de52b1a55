import { request } from 'node:http';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../src';
import { currentTotal } from './helpers/metric-sums';

function wireValue(value: unknown) {
  if (typeof value !== 'number') return { stringValue: String(value) };
  return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
}

/** One OTLP/JSON span export, as an SDK would send it. */
function spanExport(spanId: string, attributes: Record<string, unknown> = {}, scope = 'app') {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'queue-test' } }] },
        scopeSpans: [
          {
            scope: { name: scope },
            spans: [
              {
                traceId: '5b8efff798038103d269b633813fc60c',
                spanId,
                name: 'work',
                kind: 1,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000500000000',
                attributes: Object.entries(attributes).map(([key, value]) => ({
                  key,
                  value: wireValue(value),
                })),
              },
            ],
          },
        ],
      },
    ],
  });
}

function post(gateway: Gateway, signal: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${gateway.url}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('the next hop', () => {
  let receiver: OtlpReceiver;
  let gateway: Gateway | undefined;
  let tracesStatus = 200;

  beforeEach(async () => {
    tracesStatus = 200;
    receiver = await startOtlpReceiver({ respondWith: (signal) => (signal === 'traces' ? tracesStatus : 200) });
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  });

  afterEach(async () => {
    await gateway?.shutdown(2_000);
    gateway = undefined;
    await receiver.close();
  });

  it('answers 503 with Retry-After once its queue is full, and delivers everything once the hop is back', async () => {
    gateway = await startGateway({ port: 0, maxQueueBytes: 1, metricExportIntervalMillis: 60_000 });
    tracesStatus = 503;
    expect((await post(gateway, 'traces', spanExport('00f067aa0ba902b7'))).status).toBe(200);
    await receiver.waitFor((current) => current.requests.some((request) => request.status === 503));
    const refused = await post(gateway, 'traces', spanExport('00f067aa0ba902b8'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    tracesStatus = 200;
    await receiver.waitFor((current) => current.spans().length === 1);
    // The sender retries what was refused; each span reaches the hop exactly once.
    expect((await post(gateway, 'traces', spanExport('00f067aa0ba902b8'))).status).toBe(200);
    await receiver.waitFor((current) => current.spans().length === 2);
    expect(receiver.spans().map((span) => span.spanId)).toEqual(['00f067aa0ba902b7', '00f067aa0ba902b8']);
  });

  it('counts what it gives up in driftwatch.telemetry.dropped, under its own service name', async () => {
    gateway = await startGateway({ port: 0, maxRetryMillis: 600, metricExportIntervalMillis: 100 });
    tracesStatus = 503;
    expect((await post(gateway, 'traces', spanExport('00f067aa0ba902b9'))).status).toBe(200);
    const dropped = (reason: string) =>
      currentTotal({
        receiver,
        name: 'driftwatch.telemetry.dropped',
        serviceName: 'driftwatch-gateway',
        where: (attributes) =>
          attributes['driftwatch.component'] === 'gateway.export.traces' &&
          attributes['driftwatch.drop.reason'] === reason,
      });
    await receiver.waitFor(() => dropped('retries_exhausted') === 1);
    tracesStatus = 400;
    expect((await post(gateway, 'traces', spanExport('00f067aa0ba902ba'))).status).toBe(200);
    await receiver.waitFor(() => dropped('rejected_400') === 1);
    expect(receiver.spans()).toHaveLength(0);
  });

  it('passes metrics and logs it has no business with through unchanged', async () => {
    gateway = await startGateway({ port: 0, metricExportIntervalMillis: 60_000 });
    const gauge = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
          scopeMetrics: [
            {
              scope: { name: 'billing-metrics', version: '2.0.0' },
              metrics: [
                {
                  name: 'queue.depth',
                  unit: '{item}',
                  gauge: { dataPoints: [{ asInt: '17', timeUnixNano: '1700000000000000000', attributes: [] }] },
                },
              ],
            },
          ],
        },
      ],
    };
    const log = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'billing' } }] },
          scopeLogs: [
            {
              scope: { name: 'billing-logs' },
              logRecords: [{ severityNumber: 9, body: { stringValue: 'invoice sent' } }],
            },
          ],
        },
      ],
    };
    expect((await post(gateway, 'metrics', JSON.stringify(gauge))).status).toBe(200);
    expect((await post(gateway, 'logs', JSON.stringify(log))).status).toBe(200);
    await receiver.waitFor((current) => current.metrics().length === 1 && current.logs().length === 1);
    expect(receiver.metrics()[0]).toMatchObject({
      name: 'queue.depth',
      unit: '{item}',
      value: 17,
      resource: { 'service.name': 'billing' },
      scope: { name: 'billing-metrics', version: '2.0.0' },
    });
    expect(receiver.logs()[0]).toMatchObject({
      body: 'invoice sent',
      severityNumber: 9,
      scope: { name: 'billing-logs' },
    });
  });

  it('forwards spans Driftwatch already processed in-process without processing or counting them again', async () => {
    gateway = await startGateway({ port: 0, metricExportIntervalMillis: 100 });
    const attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
      'driftwatch.cost.usd': 0.0000045,
    };
    expect(
      (await post(gateway, 'traces', spanExport('00f067aa0ba902bb', attributes, '@driftwatch/instrumentation'))).status,
    ).toBe(200);
    await receiver.waitFor((current) => current.spans().length === 1);
    expect(receiver.spans()[0]?.attributes).toEqual(attributes);
    await gateway.shutdown(2_000);
    gateway = undefined;
    expect(receiver.metrics().filter((point) => point.resource['service.name'] === 'queue-test')).toEqual([]);
  });

  it('replaces the source attributes it read with the conventions ones under --drop-source-attributes', async () => {
    gateway = await startGateway({ port: 0, dropSourceAttributes: true, metricExportIntervalMillis: 60_000 });
    const source = {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.token_count.prompt': 12,
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'Hi',
      'http.route': '/chat',
    };
    expect((await post(gateway, 'traces', spanExport('00f067aa0ba902bd', source))).status).toBe(200);
    await receiver.waitFor((current) => current.spans().length === 1);
    const attributes = receiver.spans()[0]?.attributes ?? {};
    expect(Object.keys(attributes).filter((key) => key.startsWith('llm.') || key.startsWith('openinference.'))).toEqual(
      [],
    );
    expect(attributes).toMatchObject({
      'http.route': '/chat',
      'gen_ai.operation.name': 'chat',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]),
    });
  });

  it('answers 503 beyond its concurrent exports, so memory stays bounded whatever senders do', async () => {
    gateway = await startGateway({ port: 0, maxConcurrentExports: 1, metricExportIntervalMillis: 60_000 });
    // One export whose body never finishes arriving holds the only slot.
    const slow = request(`${gateway.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    slow.on('error', () => {});
    slow.write('{"resourceSpans": [');
    // Until the slow export's headers reach the gateway, a second export may still get the slot.
    let refused = await post(gateway, 'traces', spanExport('00f067aa0ba902be'));
    for (let attempt = 0; refused.status === 200 && attempt < 50; attempt++) {
      refused = await post(gateway, 'traces', spanExport('00f067aa0ba902be'));
    }
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    slow.destroy();
  });

  it('asks for the bearer token when one is set', async () => {
    gateway = await startGateway({ port: 0, token: 's3cret', metricExportIntervalMillis: 60_000 });
    expect((await post(gateway, 'traces', spanExport('00f067aa0ba902bc'))).status).toBe(401);
    expect(
      (await post(gateway, 'traces', spanExport('00f067aa0ba902bc'), { authorization: 'Bearer wrong!' })).status,
    ).toBe(401);
    expect(
      (await post(gateway, 'traces', spanExport('00f067aa0ba902bc'), { authorization: 'Bearer s3cret' })).status,
    ).toBe(200);
    await receiver.waitFor((current) => current.spans().length === 1);
  });
});
