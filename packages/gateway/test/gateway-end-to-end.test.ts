import { gzipSync } from 'node:zlib';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process';
import { currentTotal } from './helpers/metric-sums';
import { SOURCE_RESOURCE, type SpanPlan, sendSpanTree } from './helpers/source-app';

/** An OpenInference agent: an AGENT span over an LLM call (with the model traps) and a TOOL call. */
function openInferenceRun(agentAttributes: Record<string, unknown> = {}): SpanPlan {
  return {
    name: 'support-agent',
    attributes: { 'openinference.span.kind': 'AGENT', 'agent.name': 'support', ...agentAttributes } as never,
    children: [
      {
        name: 'ChatCompletion',
        kind: SpanKind.CLIENT,
        attributes: {
          'openinference.span.kind': 'LLM',
          'llm.provider': 'openai',
          'llm.system': 'openai',
          'llm.model_name': 'gpt-4o-mini-2024-07-18',
          'llm.invocation_parameters': JSON.stringify({ model: 'gpt-4o-mini', temperature: 0.2 }),
          'llm.token_count.prompt': 1000,
          'llm.token_count.completion': 200,
          'llm.token_count.total': 1200,
          'llm.token_count.prompt_details.cache_read': 400,
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'Where is my order?',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup_order',
          'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"id":42}',
        },
      },
      { name: 'lookup_order', attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup_order' } },
    ],
  };
}

// Hand-priced: gpt-4o-mini-2024-07-18 at $0.15 input, $0.075 cached input, $0.60 output per 1M tokens.
const CALL_COST_USD = (600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6;

function sumOf(receiver: OtlpReceiver, name: string, where?: (attributes: Record<string, unknown>) => boolean) {
  return currentTotal({ receiver, name, serviceName: SOURCE_RESOURCE['service.name'], where });
}

describe('driftwatch-gateway between a source app and the next hop', () => {
  let receiver: OtlpReceiver;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    gateway = await spawnGateway({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '200' },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await receiver?.close();
  });

  it('answers GET /ready', async () => {
    const response = await fetch(`${gateway.url}/ready`);
    expect(response.status).toBe(200);
  });

  it.each([
    { protocol: 'protobuf', gzip: false },
    { protocol: 'json', gzip: true },
  ] as const)(
    'forwards OpenInference spans ($protocol, gzip $gzip) with ids, resource and scope kept, normalized and priced',
    async ({ protocol, gzip }) => {
      receiver.reset();
      const sent = await sendSpanTree({
        endpoint: gateway.url,
        protocol,
        gzip,
        scope: 'openinference.instrumentation.openai',
        plan: openInferenceRun(),
      });
      await receiver.waitFor((current) => current.spans().length === sent.length);
      const received = receiver.spans();
      for (const span of sent) {
        const match = received.filter((candidate) => candidate.spanId === span.spanContext().spanId);
        expect(match).toHaveLength(1);
        expect(match[0]?.traceId).toBe(span.spanContext().traceId);
        expect(match[0]?.parentSpanId).toBe(span.parentSpanContext?.spanId ?? '');
        expect(match[0]?.resource).toEqual(SOURCE_RESOURCE);
        expect(match[0]?.scope.name).toBe('openinference.instrumentation.openai');
      }
      const chat = received.find((span) => span.name === 'ChatCompletion');
      expect(chat?.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 200,
        'gen_ai.usage.cache_read.input_tokens': 400,
        'driftwatch.model.pinned': false,
        'driftwatch.cost.priced_model': 'gpt-4o-mini-2024-07-18',
        'driftwatch.context.window': 128000,
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
      });
      expect(chat?.attributes['driftwatch.cost.usd']).toBeCloseTo(CALL_COST_USD, 12);
      expect(chat?.attributes['driftwatch.context.fill_ratio']).toBeCloseTo(1000 / 128000, 12);
      // The content stays in the source's own form (no second copy on the span) and reaches the evaluators.
      expect(chat?.attributes['gen_ai.input.messages']).toBeUndefined();
      expect(chat?.attributes['llm.input_messages.0.message.content']).toBe('Where is my order?');
      // The built-in evaluators scored the call from the content normalization built (the content contract).
      expect(chat?.attributes['driftwatch.evaluation.prompt_injection.score']).toBe(1);
      const agent = received.find((span) => span.name === 'support-agent');
      expect(agent?.attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'support',
        'driftwatch.agent.llm_calls': 1,
        'driftwatch.agent.tool_calls': 1,
        'driftwatch.agent.steps': 2,
        'driftwatch.agent.input_tokens': 1000,
        'driftwatch.agent.output_tokens': 200,
        'driftwatch.agent.cost_unknown': false,
        'driftwatch.agent.outcome': 'success',
      });
      const tool = received.find((span) => span.name === 'lookup_order');
      expect(tool?.attributes['gen_ai.tool.name']).toBe('lookup_order');
    },
  );

  it('derives the metrics from the spans, attributed to the source app', async () => {
    receiver.reset();
    await sendSpanTree({
      endpoint: gateway.url,
      protocol: 'protobuf',
      scope: 'openinference.instrumentation.openai',
      plan: openInferenceRun(),
    });
    // Cumulative series: after this run the gateway has seen three runs of one call each.
    await receiver.waitFor(() => sumOf(receiver, 'driftwatch.agent.executions') === 3, { timeoutMs: 15_000 });
    const input = (attributes: Record<string, unknown>) => attributes['gen_ai.token.type'] === 'input';
    expect(sumOf(receiver, 'gen_ai.client.token.usage', input)).toBe(3000);
    expect(sumOf(receiver, 'driftwatch.llm.cost')).toBeCloseTo(3 * CALL_COST_USD, 12);
    expect(sumOf(receiver, 'driftwatch.model.unpinned_calls')).toBe(3);
    expect(sumOf(receiver, 'driftwatch.agent.steps')).toBe(6);
    expect(sumOf(receiver, 'driftwatch.tool.calls')).toBe(3);
    expect(
      currentTotal({
        receiver,
        name: 'driftwatch.evaluation.score',
        serviceName: SOURCE_RESOURCE['service.name'],
        field: 'count',
      }),
    ).toBeGreaterThanOrEqual(3);
    const usage = receiver.metrics().find((point) => point.name === 'gen_ai.client.token.usage');
    expect(usage?.resource).toMatchObject(SOURCE_RESOURCE);
    expect(usage?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
    });
    expect(usage?.explicitBounds?.[0]).toBe(1);
    // The gateway adds no spans of its own anywhere.
    expect(receiver.spans().every((span) => span.resource['service.name'] === SOURCE_RESOURCE['service.name'])).toBe(
      true,
    );
  });

  it.each([
    { body: '{"resourceSpans": 7}', type: 'application/json', status: 400, encoding: undefined },
    {
      body: 'this is not protobuf at all \u0000\u00ff',
      type: 'application/x-protobuf',
      status: 400,
      encoding: undefined,
    },
    {
      body: '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "zz"}]}]}]}',
      type: 'application/json',
      status: 400,
      encoding: undefined,
    },
    { body: 'hello', type: 'text/plain', status: 415, encoding: undefined },
    { body: 'not gzip', type: 'application/json', status: 400, encoding: 'gzip' },
  ])(
    'answers $status to a bad request ($type) with a one-line reason and forwards nothing',
    async ({ body, type, status, encoding }) => {
      const before = receiver.requests.filter((request) => request.signal === 'traces').length;
      const response = await fetch(`${gateway.url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': type, ...(encoding ? { 'content-encoding': encoding } : {}) },
        body,
      });
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(text.trim().split('\n')).toHaveLength(1);
      expect(text.length).toBeGreaterThan(5);
      expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
      expect(receiver.requests.filter((request) => request.signal === 'traces').length).toBe(before);
    },
  );

  it('answers 413 to a body over the limit, compressed or once decompressed', async () => {
    const huge = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const response = await fetch(`${gateway.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: huge,
    });
    expect(response.status).toBe(413);
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
  });

  it('flushes and exits 0 within 10 s of SIGTERM', async () => {
    const { code, millis } = await gateway.stop();
    expect(code).toBe(0);
    expect(millis).toBeLessThan(10_000);
  });
});

describe('driftwatch-gateway on SIGTERM', () => {
  it('sends the spans it accepted and the final derived metrics, then exits 0 within 10 s', async () => {
    const receiver = await startOtlpReceiver();
    // A metric interval far beyond the test: the metrics can only come from the final flush.
    const gateway = await spawnGateway({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '600000' },
    });
    try {
      const sent = await sendSpanTree({
        endpoint: gateway.url,
        protocol: 'protobuf',
        scope: 'openinference.instrumentation.openai',
        plan: openInferenceRun(),
      });
      const { code, millis } = await gateway.stop();
      expect(code).toBe(0);
      expect(millis).toBeLessThan(10_000);
      expect(receiver.spans()).toHaveLength(sent.length);
      expect(sumOf(receiver, 'driftwatch.agent.executions')).toBe(1);
      expect(
        sumOf(receiver, 'gen_ai.client.token.usage', (attributes) => attributes['gen_ai.token.type'] === 'input'),
      ).toBe(1000);
    } finally {
      await gateway.stop();
      await receiver.close();
    }
  });
});
