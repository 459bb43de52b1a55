import { join } from 'node:path';
import type { ReceivedSpan } from '@driftwatch/testkit';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appEnvironment,
  childrenOf,
  FIXTURES,
  rootSpan,
  runFixture,
  spanTree,
  stableStderr,
  traceOf,
  useFrameworkWorld,
} from './helpers/framework-world';
import type { AppRun } from './helpers/run-app';

const ESM_APP = join(FIXTURES, 'framework-agents-app.mjs');
const SERVICE = 'agents-app';
/** The root span of each scenario's run (each agent has its own name). */
const ROOTS = [
  'weather-agent',
  'broken-agent',
  'crm-agent',
  'triage-agent',
  'researcher-agent',
  'planner-agent',
  'stream-agent',
  'guarded-agent',
  'faq-agent',
  'escalating-agent',
  'offline-agent',
  'quiet-agent',
].map((agent) => `invoke_agent ${agent}`);

const ONE_TOOL_RUN = (agent: string, tool: string, errorType?: string) => [
  `invoke_agent ${agent} INTERNAL`,
  '  chat gpt-4o-mini CLIENT',
  `  execute_tool ${tool} INTERNAL${errorType === undefined ? '' : ` [${errorType}]`}`,
  '  chat gpt-4o-mini CLIENT',
];

describe('@openai/agents under the one-line register', () => {
  const world = useFrameworkWorld();
  let baseline: AppRun;

  const tracedRun = async (script: string, register: boolean, extraEnv: Record<string, string> = {}) => {
    const run = await runFixture({ script, register, env: { ...appEnvironment(world, SERVICE), ...extraEnv } });
    expect(run.stdout).toBe(baseline.stdout);
    expect(stableStderr(run)).toBe(stableStderr(baseline));
    await world.receiver.waitFor((receiver) =>
      ROOTS.every((name) => receiver.spans().some((span) => span.name === name && span.parentSpanId === '')),
    );
    await world.receiver.waitFor((receiver) =>
      receiver.metrics().some((point) => point.name === 'driftwatch.agent.executions'),
    );
    return world.receiver.spans();
  };

  /**
   * The trees every way of starting Driftwatch must produce. `toolFactoryPatched`: the app's `tool()` is
   * Driftwatch's (not when it was bound before Driftwatch started), so tool exceptions are classified, and the
   * tools of a runner without SDK tracing are traced.
   */
  const expectTrees = (spans: ReceivedSpan[], toolFactoryPatched: boolean) => {
    const thrown = toolFactoryPatched ? 'TypeError' : '_OTHER';
    const tree = (agent: string) => spanTree(spans, rootSpan(spans, `invoke_agent ${agent}`));
    expect(tree('weather-agent')).toEqual(ONE_TOOL_RUN('weather-agent', 'get_weather'));
    expect(tree('broken-agent')).toEqual(ONE_TOOL_RUN('broken-agent', 'broken_lookup', thrown));
    expect(tree('crm-agent')).toEqual(ONE_TOOL_RUN('crm-agent', 'crm_lookup', '500'));
    expect(tree('triage-agent')).toEqual([
      'invoke_agent triage-agent INTERNAL',
      '  chat gpt-4o-mini CLIENT',
      '  invoke_agent billing-agent INTERNAL',
      '    chat gpt-4o-mini CLIENT',
    ]);
    expect(tree('researcher-agent')).toEqual([
      'invoke_agent researcher-agent INTERNAL',
      '  chat gpt-4o-mini CLIENT',
      '  execute_tool ask_expert INTERNAL',
      ...ONE_TOOL_RUN('expert-agent', 'get_weather').map((line) => `    ${line}`),
      '  chat gpt-4o-mini CLIENT',
    ]);
    expect(tree('stream-agent')).toEqual(ONE_TOOL_RUN('stream-agent', 'get_weather'));
    expect(tree('quiet-agent')).toEqual(ONE_TOOL_RUN('quiet-agent', 'get_weather'));
    expect(tree('offline-agent')).toEqual(
      toolFactoryPatched
        ? ONE_TOOL_RUN('offline-agent', 'get_weather')
        : ['invoke_agent offline-agent INTERNAL', '  chat gpt-4o-mini CLIENT', '  chat gpt-4o-mini CLIENT'],
    );

    // Two tools of one model answer, each under the agent (the fixture's tools only return once both started).
    const planner = rootSpan(spans, 'invoke_agent planner-agent');
    const plannerChildren = childrenOf(spans, planner);
    expect(plannerChildren.map((span) => span.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'execute_tool get_forecast',
      'execute_tool get_weather',
    ]);
    expect(traceOf(spans, planner)).toHaveLength(5);

    // A tripped input guardrail: an event on the agent, the SDK's error on the run.
    const guarded = rootSpan(spans, 'invoke_agent guarded-agent');
    expect(guarded.attributes['error.type']).toBe('InputGuardrailTripwireTriggered');
    expect(guarded.attributes['driftwatch.agent.outcome']).toBe('error');
    expect(guarded.events.map((event) => [event.name, event.attributes])).toContainEqual([
      'driftwatch.guardrail',
      { 'driftwatch.guardrail.name': 'no_refunds', 'driftwatch.guardrail.triggered': true },
    ]);

    // Handoffs: an event on the agent that handed off, the target knows where the run came from.
    const triage = rootSpan(spans, 'invoke_agent triage-agent');
    expect(triage.events.map((event) => [event.name, event.attributes])).toEqual([
      ['driftwatch.agent.handoff', { 'driftwatch.agent.handoff.to': 'billing-agent' }],
    ]);
    const billing = childrenOf(spans, triage).find((span) => span.name === 'invoke_agent billing-agent');
    expect(billing?.attributes['driftwatch.agent.handoff.from']).toBe('triage-agent');

    // Run signals work as with traceAgent: a repeated task, and an escalation from inside a tool.
    const faq = spans.filter((span) => span.name === 'invoke_agent faq-agent' && span.parentSpanId === '');
    expect(faq.map((span) => span.attributes['driftwatch.agent.repeat'])).toEqual([false, true]);
    expect(spanTree(spans, faq[1] as ReceivedSpan)).toEqual([
      'invoke_agent faq-agent INTERNAL',
      '  chat gpt-4o-mini CLIENT',
    ]);
    const escalating = rootSpan(spans, 'invoke_agent escalating-agent');
    expect(escalating.attributes).toMatchObject({
      'driftwatch.agent.outcome': 'escalated',
      'driftwatch.agent.escalated': true,
      'driftwatch.escalation.category': 'low_confidence',
    });

    // The agent API's attributes: the same as traceAgent/traceTool produce.
    const weatherRun = rootSpan(spans, 'invoke_agent weather-agent');
    expect(weatherRun.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather-agent',
      'driftwatch.agent.outcome': 'success',
      'driftwatch.agent.repeat': false,
      'driftwatch.agent.llm_calls': 2,
      'driftwatch.agent.tool_calls': 1,
    });
    const weatherTool = childrenOf(spans, weatherRun).find((span) => span.name === 'execute_tool get_weather');
    expect(weatherTool?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.type': 'function',
    });
    expect(weatherTool?.attributes['gen_ai.tool.call.id']).toMatch(/^call_/);
    // Content is off by default: no arguments, results or messages anywhere.
    expect(JSON.stringify(spans)).not.toMatch(/gen_ai\.(tool\.call\.(arguments|result)|input\.messages)/);
  };

  const expectUsageAndMetrics = () => {
    const spans = world.receiver.spans();
    const chats = spans.filter((span) => span.name.startsWith('chat '));
    const sum = (key: string) => chats.reduce((total, span) => total + Number(span.attributes[key] ?? 0), 0);
    const { totals, calls } = world.llm.stats();
    // One span per model call, with the mock's own usage.
    expect(chats).toHaveLength(calls);
    expect(sum('gen_ai.usage.input_tokens')).toBe(totals.inputTokens);
    expect(sum('gen_ai.usage.output_tokens')).toBe(totals.outputTokens);
    const points = world.receiver.metrics();
    const executions = points
      .filter((point) => point.name === 'driftwatch.agent.executions')
      .map((point) => `${point.attributes['gen_ai.agent.name']}:${point.attributes['driftwatch.agent.outcome']}`)
      .sort();
    expect(executions).toEqual(
      [
        'billing-agent:success',
        'broken-agent:success',
        'crm-agent:success',
        'escalating-agent:escalated',
        'expert-agent:success',
        'faq-agent:success',
        'guarded-agent:error',
        'offline-agent:success',
        'planner-agent:success',
        'quiet-agent:success',
        'researcher-agent:success',
        'stream-agent:success',
        'triage-agent:success',
        'weather-agent:success',
      ].sort(),
    );
    const toolErrors = points
      .filter((point) => point.name === 'driftwatch.tool.calls' && point.attributes['error.type'] !== undefined)
      .map((point) => `${point.attributes['gen_ai.tool.name']}@${point.attributes['gen_ai.agent.name']}`);
    expect(toolErrors.sort()).toEqual(['broken_lookup@broken-agent', 'crm_lookup@crm-agent']);
    const counted = (name: string) =>
      points
        .filter((point) => point.name === name)
        .map((point) => [point.attributes['gen_ai.agent.name'], point.value]);
    expect(counted('driftwatch.agent.repeats')).toEqual([['faq-agent', 1]]);
    expect(counted('driftwatch.agent.escalations')).toEqual([['escalating-agent', 1]]);
  };

  beforeAll(async () => {
    baseline = await runFixture({ script: ESM_APP, env: appEnvironment(world) });
    expect(JSON.parse(baseline.stdout)).toHaveLength(13);
  });
  beforeEach(() => {
    world.receiver.reset();
    world.llm.reset();
  });

  it('should trace an ES module app started with --import: one trace per run, the app untouched', async () => {
    const spans = await tracedRun(ESM_APP, true);
    expectTrees(spans, true);
    expectUsageAndMetrics();
  });

  it('should record tool arguments and results, and the messages, only with content capture on', async () => {
    const spans = await tracedRun(ESM_APP, true, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    const run = rootSpan(spans, 'invoke_agent weather-agent');
    const [firstCall, tool] = childrenOf(spans, run);
    expect(JSON.parse(String(tool?.attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'mock city' });
    expect(JSON.parse(String(tool?.attributes['gen_ai.tool.call.result']))).toBe('sunny in mock city');
    expect(String(firstCall?.attributes['gen_ai.input.messages'])).toContain('Weather in Paris?');
  });

  it('should trace a CommonJS app that requires register on its first line the same way', async () => {
    const spans = await tracedRun(join(FIXTURES, 'framework-agents-app.cjs'), false);
    expectTrees(spans, true);
    expectUsageAndMetrics();
  });

  it("should trace an ES module app that imports register on its first line (its tool() is the SDK's own)", async () => {
    const spans = await tracedRun(join(FIXTURES, 'framework-agents-first-line.mjs'), false);
    // Its `tool()` was bound before Driftwatch started: the SDK reports the failure, not the exception.
    expectTrees(spans, false);
    expectUsageAndMetrics();
  });
});
