import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { exportRequestType } from '@driftwatch/otlp-proto';
import { type OtlpReceiver, type ReceivedLogRecord, startOtlpReceiver } from '@driftwatch/testkit';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process';
import { type SpanPlan, sendSpanTree } from './helpers/source-app';

const API_KEY = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PASTED = `My key is ${API_KEY} and the database is postgres://u:pass@h/orders, why does it fail?`;
const PASTED_REDACTED = 'My key is [REDACTED] and the database is postgres://u:[REDACTED]@h/orders, why does it fail?';
const ANSWER = `Never share keys: rotate ${API_KEY} now.`;
const ANSWER_REDACTED = 'Never share keys: rotate [REDACTED] now.';

/** An OpenLLMetry (traceloop) chat call: indexed prompt and completion attributes, as its Python SDK writes them. */
const OPENLLMETRY_CALL: Attributes = {
  'llm.request.type': 'chat',
  'gen_ai.system': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.usage.prompt_tokens': 40,
  'gen_ai.usage.completion_tokens': 12,
  'gen_ai.prompt.0.role': 'user',
  'gen_ai.prompt.0.content': PASTED,
  'gen_ai.completion.0.role': 'assistant',
  'gen_ai.completion.0.content': ANSWER,
  'gen_ai.completion.0.finish_reason': 'stop',
};

/** An OpenInference chat call: flattened messages plus its whole input and output values. */
const OPENINFERENCE_CALL: Attributes = {
  'openinference.span.kind': 'LLM',
  'llm.provider': 'openai',
  'llm.model_name': 'gpt-4o-mini-2024-07-18',
  'llm.token_count.prompt': 40,
  'llm.token_count.completion': 12,
  'llm.input_messages.0.message.role': 'user',
  'llm.input_messages.0.message.content': PASTED,
  'llm.output_messages.0.message.role': 'assistant',
  'llm.output_messages.0.message.content': ANSWER,
  'input.value': JSON.stringify({ messages: [{ role: 'user', content: PASTED }] }),
  'output.value': ANSWER,
};

/** A conventions chat call (v1.37+) with its messages and system instructions as JSON. */
const CONVENTIONS_CALL: Attributes = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.usage.input_tokens': 40,
  'gen_ai.usage.output_tokens': 12,
  'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Connect with password=hunter2-staging' }]),
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PASTED }] }]),
  'gen_ai.output.messages': JSON.stringify([
    { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' },
  ]),
};

function call(attributes: Attributes): SpanPlan {
  return { name: 'chat gpt-4o-mini', kind: SpanKind.CLIENT, attributes };
}

describe('driftwatch-gateway: credentials in captured content are redacted before spans go on', () => {
  let receiver: OtlpReceiver;
  let redacting: GatewayProcess;
  let passing: GatewayProcess;
  let passingByFlag: GatewayProcess;
  let rebuilding: GatewayProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '200' };
    [redacting, passing, passingByFlag, rebuilding] = await Promise.all([
      spawnGateway({ env: { ...env, DRIFTWATCH_EVALUATION_EVENTS: 'all' } }),
      spawnGateway({ env: { ...env, DRIFTWATCH_GATEWAY_REDACT_CONTENT: 'false' } }),
      spawnGateway({ env, args: ['--no-redact-content'] }),
      spawnGateway({ env, args: ['--drop-source-attributes'] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([redacting?.stop(), passing?.stop(), passingByFlag?.stop(), rebuilding?.stop()]);
    await receiver?.close();
  });

  /** Sends one span through `gateway`; resolves with what was sent and what the next hop received of it. */
  async function forward(
    gateway: GatewayProcess,
    scope: string,
    attributes: Attributes,
    protocol: 'protobuf' | 'json' = 'protobuf',
  ) {
    const [sent] = await sendSpanTree({ endpoint: gateway.url, protocol, scope, plan: call(attributes) });
    const spanId = sent?.spanContext().spanId;
    await receiver.waitFor((current) => current.spans().some((span) => span.spanId === spanId));
    const received = receiver.spans().find((span) => span.spanId === spanId);
    if (sent === undefined || received === undefined) throw new Error('the span did not arrive');
    return { sent, received };
  }

  it.each([
    {
      source: 'OpenLLMetry',
      scope: 'opentelemetry.instrumentation.openai.v1',
      attributes: OPENLLMETRY_CALL,
      redacted: { 'gen_ai.prompt.0.content': PASTED_REDACTED, 'gen_ai.completion.0.content': ANSWER_REDACTED },
    },
    {
      source: 'OpenInference',
      scope: 'openinference.instrumentation.openai',
      attributes: OPENINFERENCE_CALL,
      redacted: {
        'llm.input_messages.0.message.content': PASTED_REDACTED,
        'llm.output_messages.0.message.content': ANSWER_REDACTED,
        'input.value': JSON.stringify({ messages: [{ role: 'user', content: PASTED_REDACTED }] }),
        'output.value': ANSWER_REDACTED,
      },
    },
    {
      source: 'the GenAI conventions',
      scope: 'example.genai.client',
      attributes: CONVENTIONS_CALL,
      redacted: {
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Connect with password=[REDACTED]' }]),
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: PASTED_REDACTED }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: ANSWER_REDACTED }], finish_reason: 'stop' },
        ]),
      },
    },
  ])('forwards a $source span with [REDACTED] in its content and the rest as sent', async (example) => {
    const { sent, received } = await forward(redacting, example.scope, example.attributes);
    const expected: Record<string, unknown> = { ...sent.attributes, ...example.redacted };
    for (const [key, value] of Object.entries(expected)) expect(received.attributes[key], key).toEqual(value);
    expect(JSON.stringify(received)).not.toContain(API_KEY);
    expect(JSON.stringify(received)).not.toContain('pass@h');
    expect(received.name).toBe(sent.name);
    expect(received.traceId).toBe(sent.spanContext().traceId);
    expect(received.kind).toBe(SpanKind.CLIENT + 1);
    expect(received.events).toEqual([]);
  });

  it('redacts content received as OTLP/JSON too (the request is encoded whole)', async () => {
    const { received } = await forward(redacting, 'opentelemetry.instrumentation.openai.v1', OPENLLMETRY_CALL, 'json');
    expect(received.attributes['gen_ai.prompt.0.content']).toBe(PASTED_REDACTED);
    expect(received.attributes['gen_ai.completion.0.content']).toBe(ANSWER_REDACTED);
  });

  it.each([
    { switch: 'DRIFTWATCH_GATEWAY_REDACT_CONTENT=false', gateway: () => passing },
    { switch: '--no-redact-content', gateway: () => passingByFlag },
  ])('forwards the content as received with $switch', async (example) => {
    const { received } = await forward(example.gateway(), 'opentelemetry.instrumentation.openai.v1', OPENLLMETRY_CALL);
    expect(received.attributes['gen_ai.prompt.0.content']).toBe(PASTED);
    expect(received.attributes['gen_ai.completion.0.content']).toBe(ANSWER);
  });

  it('redacts the conventions messages it rebuilds from a source with --drop-source-attributes', async () => {
    const { received } = await forward(rebuilding, 'opentelemetry.instrumentation.openai.v1', OPENLLMETRY_CALL);
    expect(received.attributes['gen_ai.prompt.0.content']).toBeUndefined();
    expect(JSON.parse(String(received.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: PASTED_REDACTED }] },
    ]);
    expect(JSON.stringify(received)).not.toContain(API_KEY);
  });

  it('still evaluates the content as received: the leaked key fails secret_leakage', async () => {
    const { received } = await forward(redacting, 'openinference.instrumentation.openai', OPENINFERENCE_CALL);
    const failed = (record: ReceivedLogRecord) =>
      record.eventName === 'gen_ai.evaluation.result' &&
      record.spanId === received.spanId &&
      record.attributes['gen_ai.evaluation.name'] === 'secret_leakage';
    await receiver.waitFor((current) => current.logs().some(failed));
    const result = receiver.logs().find(failed);
    expect(result?.attributes['gen_ai.evaluation.score.label']).toBe('fail');
    expect(JSON.stringify(result)).not.toContain(API_KEY);
  });
});

/** A next hop that keeps the bytes of each traces request as they came. */
async function startRecordingHop(): Promise<{ url: string; firstTraces: Promise<Buffer>; close(): Promise<void> }> {
  let recorded: (body: Buffer) => void = () => {};
  const firstTraces = new Promise<Buffer>((resolve) => {
    recorded = resolve;
  });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') recorded(Buffer.concat(chunks));
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    firstTraces,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('driftwatch-gateway: spans without credentials in their content', () => {
  it('splices them in as received: their bytes reach the next hop unchanged', async () => {
    const hop = await startRecordingHop();
    const gateway = await spawnGateway({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: hop.url } });
    try {
      const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
      const span = {
        traceId: Buffer.alloc(16, 7),
        spanId: Buffer.alloc(8, 9),
        name: 'chat gpt-4o-mini',
        kind: 3,
        startTimeUnixNano: 1_700_000_000_000_000_000,
        endTimeUnixNano: 1_700_000_001_000_000_000,
        attributes: [
          attribute('llm.request.type', 'chat'),
          attribute('gen_ai.prompt.0.role', 'user'),
          attribute('gen_ai.prompt.0.content', 'Where is my order 42?'),
          attribute('gen_ai.completion.0.content', 'It ships tomorrow.'),
        ],
        // After the attributes: a re-encoded span would have the gateway's attributes before it.
        status: { code: 1 },
      };
      const type = exportRequestType('traces');
      const request = {
        resourceSpans: [
          {
            resource: { attributes: [attribute('service.name', 'python-agent')] },
            scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai.v1' }, spans: [span] }],
          },
        ],
      };
      const body = type.encode(type.fromObject(request)).finish();
      const spanBytes = type.lookupType('Span').encode(type.lookupType('Span').fromObject(span)).finish();
      const response = await fetch(`${gateway.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body,
      });
      expect(response.status).toBe(200);
      const forwarded = await hop.firstTraces;
      // Spliced: the span's own bytes come first, the gateway's normalized attributes are appended after them.
      expect(forwarded.indexOf(Buffer.from(spanBytes))).toBeGreaterThan(0);
      expect(forwarded.length).toBeGreaterThan(body.length);
    } finally {
      await gateway.stop();
      await hop.close();
    }
  });
});
