import { createServer } from 'node:net';
import { type OtlpReceiver, type ReceivedLogRecord, startOtlpReceiver } from '@driftwatch/testkit';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process';
import { currentTotal } from './helpers/metric-sums';
import { SOURCE_RESOURCE, type SpanPlan, sendSpanTree } from './helpers/source-app';

/** An OpenInference LLM call whose answer leaks an API key: `secret_leakage` fails, the other evaluators pass. */
const LEAKING_CALL: SpanPlan = {
  name: 'ChatCompletion',
  kind: SpanKind.CLIENT,
  attributes: {
    'openinference.span.kind': 'LLM',
    'llm.provider': 'openai',
    'llm.model_name': 'gpt-4o-mini-2024-07-18',
    'llm.token_count.prompt': 30,
    'llm.token_count.completion': 20,
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.content': 'What is the staging key?',
    'llm.output_messages.0.message.role': 'assistant',
    'llm.output_messages.0.message.content': 'Use sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 for staging.',
  },
};

const EVALUATION_EVENT = 'gen_ai.evaluation.result';

describe('driftwatch-gateway evaluation events', () => {
  let receiver: OtlpReceiver | undefined;
  let gateway: GatewayProcess | undefined;

  afterEach(async () => {
    await gateway?.stop();
    await receiver?.close();
  });

  /** Sends the leaking call through a gateway started with `env`; resolves once its scores reached the metrics. */
  const run = async (env: Record<string, string>) => {
    receiver = await startOtlpReceiver();
    gateway = await spawnGateway({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '200', ...env },
    });
    const [call] = await sendSpanTree({
      endpoint: gateway.url,
      protocol: 'protobuf',
      scope: 'openinference.instrumentation.openai',
      plan: LEAKING_CALL,
    });
    const current = receiver;
    const scores = () =>
      currentTotal({
        receiver: current,
        name: 'driftwatch.evaluation.score',
        serviceName: SOURCE_RESOURCE['service.name'],
        field: 'count',
      });
    await current.waitFor(() => scores() >= 5, { timeoutMs: 15_000 });
    return { receiver: current, spanContext: call?.spanContext(), scores: scores() };
  };

  const events = (current: OtlpReceiver): ReceivedLogRecord[] =>
    current.logs().filter((record) => record.eventName === EVALUATION_EVENT);

  it('sends the failures by default, each parented to the evaluated span and under the source app', async () => {
    const { receiver: current, spanContext } = await run({});
    await current.waitFor(() => events(current).length >= 1, { timeoutMs: 15_000 });
    // Stopping flushes every source's events: whatever was to be sent has arrived.
    expect((await gateway?.stop())?.code).toBe(0);
    const sent = events(current);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.attributes).toMatchObject({
      'gen_ai.evaluation.name': 'secret_leakage',
      'gen_ai.evaluation.score.label': 'fail',
      'gen_ai.evaluation.score.value': 0,
    });
    expect(sent[0]?.traceId).toBe(spanContext?.traceId);
    expect(sent[0]?.spanId).toBe(spanContext?.spanId);
    expect(sent[0]?.resource).toMatchObject(SOURCE_RESOURCE);
    // No content capture: no explanation (it would quote the leaked key's kind, never the key).
    expect(JSON.stringify(sent[0])).not.toContain('sk-proj-');
  });

  it('sends every result with DRIFTWATCH_EVALUATION_EVENTS=all, one per score recorded', async () => {
    const { receiver: current, spanContext } = await run({ DRIFTWATCH_EVALUATION_EVENTS: 'all' });
    await current.waitFor(
      () =>
        events(current).length ===
        currentTotal({
          receiver: current,
          name: 'driftwatch.evaluation.score',
          serviceName: SOURCE_RESOURCE['service.name'],
          field: 'count',
        }),
      { timeoutMs: 15_000 },
    );
    const sent = events(current);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(new Set(sent.map((record) => record.spanId))).toEqual(new Set([spanContext?.spanId]));
    expect(sent.filter((record) => record.attributes['gen_ai.evaluation.score.label'] === 'fail')).toHaveLength(1);
  });

  it('sends none with DRIFTWATCH_EVALUATION_EVENTS=none, the scores still in the metrics', async () => {
    const { receiver: current, scores } = await run({ DRIFTWATCH_EVALUATION_EVENTS: 'none' });
    expect((await gateway?.stop())?.code).toBe(0);
    expect(scores).toBeGreaterThanOrEqual(5);
    expect(events(current)).toEqual([]);
  });

  it('counts the events it could not deliver in driftwatch.telemetry.dropped, the app and the other signals unharmed', async () => {
    // A logs hop that accepts connections and closes them at once: every export of events fails.
    const refusing = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const address = refusing.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const { receiver: current } = await run({
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `http://127.0.0.1:${port}/v1/logs`,
        OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '500',
      });
      const dropped = () =>
        currentTotal({
          receiver: current,
          name: 'driftwatch.telemetry.dropped',
          serviceName: 'driftwatch-gateway',
          where: (attributes) =>
            attributes['driftwatch.component'] === 'gateway.evaluation_events' &&
            attributes['driftwatch.drop.reason'] === 'export_failed',
        });
      await current.waitFor(() => dropped() === 1, { timeoutMs: 20_000 });
      expect(current.spans()).toHaveLength(1);
      expect((await fetch(`${gateway?.url}/ready`)).status).toBe(200);
    } finally {
      refusing.close();
    }
  });
});
