import { exportRequestType } from '@driftwatch/otlp-proto';
import { describe, expect, it } from 'vitest';
import { spliceTraces } from '../src/otlp/splice-traces';

const type = exportRequestType('traces');
const toObject = (bytes: Uint8Array) =>
  type.toObject(type.decode(bytes), { longs: String, bytes: String, defaults: false });

function span(name: string, spanId: number) {
  return {
    traceId: Buffer.alloc(16, 7),
    spanId: Buffer.alloc(8, spanId),
    name,
    kind: 3,
    startTimeUnixNano: '1700000000000000001',
    endTimeUnixNano: '1700000000900000009',
    attributes: [{ key: 'gen_ai.system', value: { stringValue: 'openai' } }],
    events: [{ name: 'first', timeUnixNano: '1700000000000000005' }],
  };
}

const REQUEST = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] },
      scopeSpans: [
        { scope: { name: 'one', version: '1' }, spans: [span('s1', 1), span('s2', 2)] },
        { scope: { name: 'two' }, spans: [span('s3', 3)], schemaUrl: 'https://example.test/schema' },
      ],
      schemaUrl: 'https://example.test/resource',
    },
    { resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'three' }, spans: [span('s4', 4)] }] },
  ],
};

describe('spliceTraces', () => {
  it('gives the same request as decoding, changing and encoding it all again', () => {
    const body = type.encode(type.fromObject(REQUEST)).finish();
    const expected = structuredClone(REQUEST);
    const s1 = expected.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    s1?.attributes.push(
      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: 12 } as never },
      { key: 'driftwatch.cost.usd', value: { doubleValue: 0.5 } as never },
    );
    s1?.events.push({ name: 'driftwatch.model.changed', timeUnixNano: '1700000000900000009' });
    const s3 = expected.resourceSpans[0]?.scopeSpans[1]?.spans[0];
    if (s3 !== undefined) s3.attributes = [{ key: 'gen_ai.system', value: { stringValue: 'replaced' } }];

    const spliced = spliceTraces(Buffer.from(body), [
      {
        kind: 'append',
        attributes: new Map<string, string | number>([
          ['gen_ai.provider.name', 'openai'],
          ['gen_ai.usage.input_tokens', 12],
          ['driftwatch.cost.usd', 0.5],
        ]),
        events: [{ name: 'driftwatch.model.changed', timeUnixNano: '1700000000900000009' }],
      },
      undefined,
      { kind: 'reencode', span: type.lookupType('Span').fromObject(s3 ?? {}) },
      undefined,
    ]);
    expect(toObject(spliced)).toEqual(toObject(type.encode(type.fromObject(expected)).finish()));
  });

  it('refuses patches that do not match the spans of the request', () => {
    const body = type.encode(type.fromObject(REQUEST)).finish();
    expect(() => spliceTraces(Buffer.from(body), [undefined])).toThrow(/4 spans/);
  });
});
