import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayStack, startGatewayStack } from './helpers/gateway-stack';
import { sourceMetrics } from './helpers/metric-sums';

/** The JS peers, and whether each records the conventions' client metrics itself (then they pass through). */
const PEERS = [
  { peer: 'otel', ownMetrics: true },
  { peer: 'openinference', ownMetrics: false },
  { peer: 'traceloop', ownMetrics: false },
] as const;

describe('Node agents instrumented by the peers, through the gateway', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.each(PEERS)(
    '$peer: exact tokens, hand-priced cost, pinning, quality scores and the run signals',
    async ({ peer, ownMetrics }) => {
      const { mock, receiver, gateway } = stack;
      mock.reset();
      const serviceName = `js-agent-${peer}`;
      await promisify(execFile)(process.execPath, [join(__dirname, 'helpers', 'js-peer-agent.cjs'), peer, mock.url], {
        env: { PATH: process.env.PATH ?? '', OTEL_EXPORTER_OTLP_ENDPOINT: gateway.url },
      });
      const usage = mock.stats().byModel['gpt-4o-mini-2024-07-18'];
      expect(usage?.calls).toBe(2);
      const { total, tokens, hasUsageFrom } = sourceMetrics(receiver, serviceName);
      await receiver.waitFor(
        () =>
          total('driftwatch.agent.executions') === 1 &&
          total('gen_ai.client.token.usage', tokens('output')) > 0 &&
          (!ownMetrics || hasUsageFrom(false)),
        { timeoutMs: 20_000 },
      );
      expect(hasUsageFrom(true)).toBe(!ownMetrics);
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
          (span) =>
            span.resource['service.name'] === serviceName && span.attributes['gen_ai.operation.name'] === 'chat',
        );
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        expect(call.attributes).toMatchObject({
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'driftwatch.model.pinned': false,
          'driftwatch.cost.priced_model': 'gpt-4o-mini-2024-07-18',
        });
        // Each peer's content (span attributes, or the contrib's log events) reached the evaluators.
        expect(call.attributes['driftwatch.evaluation.prompt_injection.score']).toBe(1);
      }
    },
  );
});
