import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type OtlpSignal, startOtlpReceiver } from '../src/index';

const JSON_TRACES = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hand-written' } }] },
      scopeSpans: [
        {
          scope: { name: 'manual' },
          spans: [
            {
              traceId: '5B8EFFF798038103D269B633813FC60C',
              spanId: 'EEE19B7EC3C1B174',
              name: 'manual span',
              kind: 'SPAN_KIND_SERVER',
              startTimeUnixNano: '1544712660000000000',
              endTimeUnixNano: 1544712661000000000,
              attributes: [
                { key: 'count', value: { intValue: '9007199254740991' } },
                { key: 'ratio', value: { doubleValue: 0.5 } },
                { key: 'raw', value: { bytesValue: Buffer.from([1, 2, 3]).toString('base64') } },
                { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
                { key: 'map', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: false } }] } } },
              ],
              status: { code: 2, message: 'boom' },
            },
          ],
        },
      ],
    },
  ],
};

function post(options: {
  receiver: OtlpReceiver;
  path: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}) {
  return fetch(`${options.receiver.url}${options.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
  });
}

describe('OTLP receiver: protocol details and test helpers', () => {
  let receiver: OtlpReceiver;
  let statusBySignal: Partial<Record<OtlpSignal, number>> = {};

  beforeAll(async () => {
    receiver = await startOtlpReceiver({ respondWith: (signal) => statusBySignal[signal] ?? 200 });
  });

  beforeEach(() => {
    statusBySignal = {};
    receiver.reset();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('should decode hand-written OTLP/JSON: upper-case hex, int64 strings, enum names, bytes, arrays and kvlists', async () => {
    const answer = await post({
      receiver,
      path: '/v1/traces',
      body: gzipSync(JSON.stringify(JSON_TRACES)),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('{}');
    expect(receiver.spans()).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: '',
        traceState: '',
        name: 'manual span',
        kind: 2,
        startTimeUnixNano: '1544712660000000000',
        endTimeUnixNano: '1544712661000000000',
        attributes: {
          count: 9007199254740991,
          ratio: 0.5,
          raw: new Uint8Array([1, 2, 3]),
          list: ['a', 2],
          map: { inner: false },
        },
        events: [],
        links: [],
        status: { code: 2, message: 'boom' },
        resource: { 'service.name': 'hand-written' },
        scope: { name: 'manual', version: '' },
      },
    ]);
  });

  it('should answer with the status from respondWith and keep no data from refused exports', async () => {
    statusBySignal = { traces: 503 };
    const answer = await post({ receiver, path: '/v1/traces', body: JSON.stringify(JSON_TRACES) });
    expect(answer.status).toBe(503);
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests).toEqual([
      { signal: 'traces', contentType: 'application/json', headers: expect.any(Object), status: 503 },
    ]);
  });

  it('should answer unknown routes with 404, other content types with 415 and undecodable bodies with 400', async () => {
    expect((await post({ receiver, path: '/v1/profiles', body: '{}' })).status).toBe(404);
    const wrongType = await post({
      receiver,
      path: '/v1/traces',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    const garbage = await post({
      receiver,
      path: '/v1/metrics',
      body: Buffer.from([0xff, 0xff, 0xff]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(garbage.status).toBe(400);
    expect((await post({ receiver, path: '/v1/logs', body: '{not json' })).status).toBe(400);
    expect(receiver.requests.map((request) => request.status)).toEqual([400, 400]);
  });

  it('should resolve waitFor at once when already true, on arrival otherwise, and reject with a clear message', async () => {
    await receiver.waitFor(() => true);
    const waiting = receiver.waitFor((current) => current.spans().length === 1);
    await post({ receiver, path: '/v1/traces', body: JSON.stringify(JSON_TRACES) });
    await waiting;
    await expect(receiver.waitFor((current) => current.logs().length > 0, { timeoutMs: 20 })).rejects.toThrow(
      'OTLP receiver waitFor timed out after 20 ms (received 1 requests: 1 spans, 0 metric points, 0 log records)',
    );
    const throwing = receiver.waitFor(() => {
      throw new Error('predicate failed');
    });
    await expect(throwing).rejects.toThrow('predicate failed');
  });

  it('should answer protobuf exports with an empty protobuf body', async () => {
    const answer = await post({
      receiver,
      path: '/v1/logs',
      body: Buffer.alloc(0),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await answer.arrayBuffer()).byteLength).toBe(0);
  });
});
