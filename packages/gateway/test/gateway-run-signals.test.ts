import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process';
import { currentTotal } from './helpers/metric-sums';
import { type SpanPlan, sendSpanTree } from './helpers/source-app';

/** An LLM call as the contrib Python instrumentation reports it by default (older conventions). */
function contribChat(inputTokens: number, outputTokens: number): SpanPlan {
  return {
    name: 'chat gpt-4o-mini',
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': inputTokens,
      'gen_ai.usage.output_tokens': outputTokens,
    },
  };
}

/** An agent run reported with plain OTel calls, following the run-signal contract (docs/gateway.md). */
function run(options: {
  task: string;
  agent?: Attributes;
  events?: SpanPlan['events'];
  calls: number;
  toolFails?: boolean;
}) {
  const children: SpanPlan[] = [];
  for (let call = 0; call < options.calls; call++) children.push(contribChat(100, 10));
  children.push({
    name: 'execute_tool refund',
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'refund',
      ...(options.toolFails ? { 'error.type': 'timeout' } : {}),
    },
    error: options.toolFails,
  });
  return {
    name: 'invoke_agent triage',
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'triage',
      'driftwatch.agent.task.hash': options.task,
      ...options.agent,
    },
    events: options.events,
    children,
  } satisfies SpanPlan;
}

const RESOURCE = { 'service.name': 'triage-py', 'deployment.environment.name': 'prod', 'service.instance.id': 'pod-1' };

describe('the run-signal contract through the gateway', () => {
  let receiver: OtlpReceiver;
  let gateway: GatewayProcess;
  const total = (name: string, where?: (attributes: Record<string, unknown>) => boolean, field?: 'sum' | 'count') =>
    currentTotal({ receiver, name, serviceName: RESOURCE['service.name'], where, field });

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

  it('turns escalations, outcomes, repeats and step budgets into the agent metrics', async () => {
    const send = (plan: SpanPlan) =>
      sendSpanTree({ endpoint: gateway.url, protocol: 'protobuf', scope: 'triage.agent', plan, resource: RESOURCE });
    // A: succeeds, and completes task ticket-1 with a business outcome.
    await send(
      run({
        task: 'ticket-1',
        calls: 1,
        events: [
          {
            name: 'driftwatch.outcome',
            attributes: { 'driftwatch.outcome.name': 'resolved', 'driftwatch.outcome.value': true },
          },
        ],
      }),
    );
    // B: the same task again (a repeat), escalated by the agent with a category.
    await send(
      run({
        task: 'ticket-1',
        calls: 1,
        agent: { 'driftwatch.agent.escalated': true, 'driftwatch.escalation.category': 'refund_over_limit' },
        events: [
          {
            name: 'driftwatch.outcome',
            attributes: { 'driftwatch.outcome.name': 'resolved', 'driftwatch.outcome.value': false },
          },
        ],
      }),
    );
    // C: over its step budget (2 calls and a failing tool, budget 2).
    await send(run({ task: 'ticket-2', calls: 2, toolFails: true, agent: { 'driftwatch.agent.max_steps': 2 } }));

    await receiver.waitFor(() => total('driftwatch.agent.executions') === 3, { timeoutMs: 15_000 });
    const outcome = (value: string) => (attributes: Record<string, unknown>) =>
      attributes['driftwatch.agent.outcome'] === value;
    expect(total('driftwatch.agent.executions', outcome('success'))).toBe(1);
    expect(total('driftwatch.agent.executions', outcome('escalated'))).toBe(2);
    const category = (value: string) => (attributes: Record<string, unknown>) =>
      attributes['driftwatch.escalation.category'] === value && attributes['gen_ai.agent.name'] === 'triage';
    expect(total('driftwatch.agent.escalations', category('refund_over_limit'))).toBe(1);
    expect(total('driftwatch.agent.escalations', category('max_steps'))).toBe(1);
    expect(total('driftwatch.agent.repeats')).toBe(1);
    const resolved = (attributes: Record<string, unknown>) => attributes['driftwatch.outcome.name'] === 'resolved';
    expect(total('driftwatch.outcome.value', resolved, 'count')).toBe(2);
    expect(total('driftwatch.outcome.value', resolved)).toBe(1);
    expect(total('driftwatch.agent.steps')).toBe(2 + 2 + 3);
    const failedTool = (attributes: Record<string, unknown>) => attributes['error.type'] === 'timeout';
    expect(total('driftwatch.tool.calls', failedTool)).toBe(1);
    expect(total('driftwatch.tool.calls')).toBe(3);

    const runs = receiver.spans().filter((span) => span.name === 'invoke_agent triage');
    expect(
      runs.map((span) => [span.attributes['driftwatch.agent.outcome'], span.attributes['driftwatch.agent.repeat']]),
    ).toEqual([
      ['success', false],
      ['escalated', true],
      ['escalated', false],
    ]);
    expect(runs[2]?.attributes).toMatchObject({
      'driftwatch.agent.escalated': true,
      'driftwatch.escalation.category': 'max_steps',
      'driftwatch.agent.tool_errors': 1,
      'driftwatch.agent.steps': 3,
    });
  });
});
