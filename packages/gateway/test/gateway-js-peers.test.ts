import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process';
import { currentTotal } from './helpers/metric-sums';

/** The JS peers, and whether each records the conventions' client metrics itself (then they pass through). */
const PEERS = [
  { peer: 'otel', ownMetrics: true },
  { peer: 'openinference', ownMetrics: false },
  { peer: 'traceloop', ownMetrics: false },
] as const;

describe('Node agents instrumented by the peers, through the gateway', () => {
  let mock: MockLlmServer;
  let receiver: OtlpReceiver;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    mock = await startMockLlmServer();
    receiver = await startOtlpReceiver();
    gateway = await spawnGateway({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '200' },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await receiver?.close();
    await mock?.close();
  });

  it.each(PEERS)('$peer: exact tokens, hand-priced cost, pinning and the run signals', async ({ peer, ownMetrics }) => {
    mock.reset();
    const serviceName = `js-agent-${peer}`;
    await promisify(execFile)(process.execPath, [join(__dirname, 'helpers', 'js-peer-agent.cjs'), peer, mock.url], {
      env: { PATH: process.env.PATH ?? '', OTEL_EXPORTER_OTLP_ENDPOINT: gateway.url },
    });
    const usage = mock.stats().byModel['gpt-4o-mini-2024-07-18'];
    expect(usage?.calls).toBe(2);
    const total = (name: string, where?: (attributes: Record<string, unknown>) => boolean) =>
      currentTotal({ receiver, name, serviceName, where });
    const tokens = (type: string) => (attributes: Record<string, unknown>) => attributes['gen_ai.token.type'] === type;
    const ownUsage = () =>
      receiver
        .metrics()
        .some(
          (point) =>
            point.resource['service.name'] === serviceName &&
            point.name === 'gen_ai.client.token.usage' &&
            point.scope.name !== '@driftwatch/gateway',
        );
    await receiver.waitFor(
      () =>
        total('driftwatch.agent.executions') === 1 &&
        total('gen_ai.client.token.usage', tokens('output')) > 0 &&
        (!ownMetrics || ownUsage()),
      { timeoutMs: 20_000 },
    );
    expect(total('gen_ai.client.token.usage', tokens('input'))).toBe(usage?.inputTokens);
    expect(total('gen_ai.client.token.usage', tokens('output'))).toBe(usage?.outputTokens);
    const cost = ((usage?.inputTokens ?? 0) * 0.15 + (usage?.outputTokens ?? 0) * 0.6) / 1e6;
    expect(total('driftwatch.llm.cost')).toBeCloseTo(cost, 12);
    expect(total('driftwatch.model.unpinned_calls')).toBe(2);
    // Three steps against a budget of two: escalated with category max_steps.
    expect(
      total(
        'driftwatch.agent.escalations',
        (attributes) => attributes['driftwatch.escalation.category'] === 'max_steps',
      ),
    ).toBe(1);
    expect(
      total('driftwatch.outcome.value', (attributes) => attributes['driftwatch.outcome.name'] === 'answered'),
    ).toBe(1);
    const calls = receiver
      .spans()
      .filter(
        (span) => span.resource['service.name'] === serviceName && span.attributes['gen_ai.operation.name'] === 'chat',
      );
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.attributes).toMatchObject({
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'driftwatch.model.pinned': false,
        'driftwatch.cost.priced_model': 'gpt-4o-mini-2024-07-18',
      });
    }
  });
});
