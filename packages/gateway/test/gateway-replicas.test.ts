import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../src';
import { currentTotal } from './helpers/metric-sums';
import { SOURCE_RESOURCE, type SpanPlan, sendSpanTree } from './helpers/source-app';

/** A run with `calls` OpenInference LLM calls of different sizes. */
function run(calls: number, size: number): SpanPlan {
  return {
    name: 'agent',
    attributes: { 'openinference.span.kind': 'AGENT', 'agent.name': 'router' },
    children: Array.from({ length: calls }, (_, index) => ({
      name: 'ChatCompletion',
      kind: SpanKind.CLIENT,
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.provider': 'openai',
        'llm.model_name': 'gpt-4o-2024-08-06',
        'llm.invocation_parameters': '{"model":"gpt-4o"}',
        'llm.token_count.prompt': size * (index + 1),
        'llm.token_count.completion': size,
      },
    })),
  };
}

const METRICS = [
  'gen_ai.client.token.usage',
  'gen_ai.client.operation.duration',
  'driftwatch.llm.cost',
  'driftwatch.model.unpinned_calls',
  'driftwatch.context.fill_ratio',
  'driftwatch.agent.executions',
  'driftwatch.agent.steps',
  'driftwatch.agent.tokens',
  'driftwatch.agent.cost',
] as const;

describe('replicas behind trace-ID load balancing', () => {
  const receivers: OtlpReceiver[] = [];
  const gateways: Gateway[] = [];

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.shutdown(2_000)));
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('give the same metrics, summed over replicas, as one gateway', async () => {
    const single = await startOtlpReceiver();
    const shared = await startOtlpReceiver();
    receivers.push(single, shared);
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = single.url;
    const one = await startGateway({ port: 0, replica: 'only', metricExportIntervalMillis: 60_000 });
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = shared.url;
    const replicaA = await startGateway({ port: 0, replica: 'a', metricExportIntervalMillis: 60_000 });
    const replicaB = await startGateway({ port: 0, replica: 'b', metricExportIntervalMillis: 60_000 });
    gateways.push(one, replicaA, replicaB);

    const plans = [run(1, 100), run(3, 250), run(2, 900), run(4, 40), run(1, 5000), run(2, 60)];
    for (const [index, plan] of plans.entries()) {
      const scope = 'openinference.instrumentation.openai';
      await sendSpanTree({ endpoint: one.url, protocol: 'protobuf', scope, plan });
      // Each trace to one replica, as the Collector's loadbalancing exporter routes by trace ID.
      await sendSpanTree({ endpoint: (index % 2 === 0 ? replicaA : replicaB).url, protocol: 'protobuf', scope, plan });
    }
    await Promise.all(gateways.map((gateway) => gateway.shutdown(5_000)));

    const serviceName = SOURCE_RESOURCE['service.name'];
    for (const name of METRICS) {
      // Durations are measured anew in each send: compare how many, not how long.
      const fields = name.endsWith('.duration') ? (['count'] as const) : (['sum', 'count'] as const);
      for (const field of fields) {
        const alone = currentTotal({ receiver: single, name, serviceName, field });
        const summed = currentTotal({ receiver: shared, name, serviceName, field });
        expect({ name, field, value: summed }).toEqual({ name, field, value: alone });
      }
    }
    expect(currentTotal({ receiver: single, name: 'driftwatch.agent.executions', serviceName })).toBe(6);
    const replicas = new Set(shared.metrics().map((point) => point.attributes['driftwatch.gateway.replica']));
    expect(replicas).toEqual(new Set(['a', 'b']));
  });
});
