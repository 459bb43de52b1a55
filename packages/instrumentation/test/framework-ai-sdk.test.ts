import { join } from 'node:path';
import type { ReceivedSpan } from '@driftwatch/testkit';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aiSixApp } from './helpers/ai-six-app';
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

const SERVICE = 'ai-app';
const FIXTURE_FILES = ['framework-ai-app.mjs', 'framework-ai-app.cjs', 'framework-ai-scenarios.mjs'];
const ROOTS = [
  'invoke_agent weather-assistant',
  'invoke_agent streamText',
  'invoke_agent crm-assistant',
  'invoke_agent trip-planner',
  'chat gpt-4o-mini',
  'invoke_agent failing-assistant',
  'invoke_agent ui-assistant',
];

const ONE_TOOL_RUN = (agent: string, tool: string, errorType?: string) => [
  `invoke_agent ${agent} INTERNAL`,
  '  chat gpt-4o-mini CLIENT',
  `  execute_tool ${tool} INTERNAL${errorType === undefined ? '' : ` [${errorType}]`}`,
  '  chat gpt-4o-mini CLIENT',
];

describe.each([
  { label: 'ai 7', app: () => FIXTURES },
  { label: 'ai 6', app: () => aiSixApp('ai-6', FIXTURE_FILES) },
])('the Vercel AI SDK ($label) under the one-line register', ({ app }) => {
  const world = useFrameworkWorld();
  let folder: string;
  let baseline: AppRun;

  const tracedRun = async (script: string, register: boolean, extraEnv: Record<string, string> = {}) => {
    const run = await runFixture({ script, register, env: { ...appEnvironment(world, SERVICE), ...extraEnv } });
    expect(run.stdout).toBe(baseline.stdout);
    expect(stableStderr(run)).toBe(stableStderr(baseline));
    await world.receiver.waitFor((receiver) =>
      ROOTS.every((name) => receiver.spans().some((span) => span.name === name && span.parentSpanId === '')),
    );
    await world.receiver.waitFor((receiver) =>
      receiver.metrics().some((point) => point.name === 'gen_ai.client.token.usage'),
    );
    return world.receiver.spans();
  };

  const expectTrees = (spans: ReceivedSpan[]) => {
    const tree = (name: string) => spanTree(spans, rootSpan(spans, name));
    expect(tree('invoke_agent weather-assistant')).toEqual(ONE_TOOL_RUN('weather-assistant', 'get_weather'));
    expect(tree('invoke_agent streamText')).toEqual(ONE_TOOL_RUN('streamText', 'broken_lookup', 'TypeError'));
    expect(tree('invoke_agent crm-assistant')).toEqual(ONE_TOOL_RUN('crm-assistant', 'crm_lookup', '500'));
    expect(tree('invoke_agent ui-assistant')).toEqual(ONE_TOOL_RUN('ui-assistant', 'get_weather'));
    expect(tree('invoke_agent failing-assistant')).toEqual([
      'invoke_agent failing-assistant INTERNAL [APICallError]',
      '  chat gpt-4o-mini CLIENT [500]',
    ]);
    // generateObject is one model call, no agent loop.
    const object = rootSpan(spans, 'chat gpt-4o-mini');
    expect(traceOf(spans, object)).toHaveLength(1);
    expect(object.attributes['gen_ai.output.type']).toBe('json');

    // Two tools of one model answer, both under the run (the fixture's tools only return once both started).
    const planner = rootSpan(spans, 'invoke_agent trip-planner');
    const children = childrenOf(spans, planner);
    expect(children.map((span) => span.name).sort()).toEqual([
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'execute_tool get_forecast',
      'execute_tool get_weather',
    ]);

    // Model calls: the conventions' CLIENT span with the provider's own response details.
    const weatherRun = rootSpan(spans, 'invoke_agent weather-assistant');
    const [firstCall] = childrenOf(spans, weatherRun);
    expect(firstCall?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'openai.api.type': 'chat_completions',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'server.address': '127.0.0.1',
      'server.port': world.llm.port,
    });
    expect(firstCall?.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    const streamRun = rootSpan(spans, 'invoke_agent streamText');
    const [streamedCall] = childrenOf(spans, streamRun);
    expect(streamedCall?.attributes).toMatchObject({
      'openai.api.type': 'responses',
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['tool_calls'],
    });
    expect(streamedCall?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(weatherRun.attributes).toMatchObject({
      'gen_ai.agent.name': 'weather-assistant',
      'driftwatch.agent.outcome': 'success',
      'driftwatch.agent.llm_calls': 2,
      'driftwatch.agent.tool_calls': 1,
    });
    expect(rootSpan(spans, 'invoke_agent failing-assistant').attributes['driftwatch.agent.outcome']).toBe('error');
    const tool = childrenOf(spans, weatherRun).find((span) => span.name === 'execute_tool get_weather');
    expect(tool?.attributes['gen_ai.tool.call.id']).toMatch(/^call_/);
  };

  const expectExactUsage = () => {
    const chats = world.receiver.spans().filter((span) => span.name.startsWith('chat '));
    const sum = (key: string) => chats.reduce((total, span) => total + Number(span.attributes[key] ?? 0), 0);
    const { totals, calls } = world.llm.stats();
    expect(chats).toHaveLength(calls);
    expect(sum('gen_ai.usage.input_tokens')).toBe(totals.inputTokens);
    expect(sum('gen_ai.usage.output_tokens')).toBe(totals.outputTokens);
    const tokens = world.receiver.metrics().filter((point) => point.name === 'gen_ai.client.token.usage');
    const metricSum = (type: string) =>
      tokens
        .filter((point) => point.attributes['gen_ai.token.type'] === type)
        .reduce((total, point) => total + (point.sum ?? 0), 0);
    expect(metricSum('input')).toBe(totals.inputTokens);
    expect(metricSum('output')).toBe(totals.outputTokens);
  };

  beforeAll(async () => {
    folder = app();
    baseline = await runFixture({ script: join(folder, 'framework-ai-app.mjs'), env: appEnvironment(world) });
    expect(JSON.parse(baseline.stdout)).toHaveLength(7);
  });
  beforeEach(() => {
    world.receiver.reset();
    world.llm.reset();
  });

  it('should trace an ES module app started with --import: runs, model calls and tools, the app untouched', async () => {
    const spans = await tracedRun(join(folder, 'framework-ai-app.mjs'), true);
    expectTrees(spans);
    expectExactUsage();
    expect(JSON.stringify(spans)).not.toMatch(/gen_ai\.(input|output)\.messages|tool\.call\.(arguments|result)/);
  });

  it('should trace a CommonJS app that requires register on its first line the same way', async () => {
    const spans = await tracedRun(join(folder, 'framework-ai-app.cjs'), false);
    expectTrees(spans);
    expectExactUsage();
  });

  it('should record prompts, completions and tool arguments only with content capture on', async () => {
    const spans = await tracedRun(join(folder, 'framework-ai-app.mjs'), true, {
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
    });
    const weatherRun = rootSpan(spans, 'invoke_agent weather-assistant');
    const [firstCall, tool, secondCall] = childrenOf(spans, weatherRun);
    expect(JSON.parse(String(firstCall?.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
    ]);
    expect(JSON.parse(String(firstCall?.attributes['gen_ai.output.messages']))).toMatchObject([
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather' }], finish_reason: 'tool_call' },
    ]);
    expect(JSON.parse(String(firstCall?.attributes['gen_ai.tool.definitions']))).toMatchObject([
      { type: 'function', name: 'get_weather', description: 'The weather of a city' },
    ]);
    expect(JSON.parse(String(tool?.attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'mock city' });
    expect(JSON.parse(String(tool?.attributes['gen_ai.tool.call.result']))).toEqual({
      city: 'mock city',
      sky: 'sunny',
    });
    expect(JSON.parse(String(secondCall?.attributes['gen_ai.output.messages']))).toMatchObject([
      { role: 'assistant', parts: [{ type: 'text' }], finish_reason: 'stop' },
    ]);
  });
});
