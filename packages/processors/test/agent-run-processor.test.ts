import { AgentRunProcessor, ModelDriftProcessor } from '@driftwatch/processors';
import type { Attributes, Span } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anthropicChat, openAIChat, ProcessorHarness } from './helpers/processor-harness';

function agent(name: string): Attributes {
  return { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name };
}

function tool(name: string): Attributes {
  return { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name };
}

function usage(input: number, output: number, extra: Attributes = {}): Attributes {
  return { 'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output, ...extra };
}

const ROLLUP_KEYS = [
  'driftwatch.agent.llm_calls',
  'driftwatch.agent.tool_calls',
  'driftwatch.agent.tool_errors',
  'driftwatch.agent.steps',
  'driftwatch.agent.input_tokens',
  'driftwatch.agent.output_tokens',
  'driftwatch.agent.cost_usd',
  'driftwatch.agent.cost_unknown',
  'driftwatch.agent.models',
];

function rollupOf(attributes: Attributes): Record<string, unknown> {
  return Object.fromEntries(ROLLUP_KEYS.map((key) => [key, attributes[key]]));
}

describe('AgentRunProcessor', () => {
  let harness: ProcessorHarness;
  afterEach(async () => {
    vi.useRealTimers();
    await harness?.shutdown();
  });

  const runStats = () =>
    harness.processors.find((processor) => processor instanceof AgentRunProcessor)?.stats() ?? { openRuns: -1 };

  /**
   * orchestrator
   *   chat #1 gpt-4o-mini
   *   execute_tool search  | in parallel
   *   execute_tool crm     | (fails)
   *   retrieve (an app span, not GenAI)
   *     chat #2 gpt-4o-2024-08-06
   *   execute_tool delegate
   *     researcher (nested agent)
   *       chat #3 o3-mini (reasoning)
   *       execute_tool web
   *       chat #4 claude-haiku-4-5
   *   chat #5 gpt-4o-mini
   */
  function runOrchestrator(): { orchestrator: Span; researcher: Span } {
    const orchestrator = harness.start('invoke_agent orchestrator', agent('orchestrator'));
    harness.call(
      openAIChat('gpt-4o-mini'),
      usage(1000, 100, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' }),
      orchestrator,
    );
    const search = harness.start('execute_tool search', tool('search'), orchestrator);
    const crm = harness.start('execute_tool crm', tool('crm'), orchestrator);
    crm.setAttribute('error.type', 'timeout');
    crm.end();
    search.end();
    const retrieve = harness.start('retrieve', { 'app.step': 'retrieve' }, orchestrator);
    harness.call(openAIChat('gpt-4o-2024-08-06'), usage(2000, 300), retrieve);
    retrieve.end();
    const delegate = harness.start('execute_tool delegate', tool('delegate'), orchestrator);
    const researcher = harness.start('invoke_agent researcher', agent('researcher'), delegate);
    harness.call(
      openAIChat('o3-mini'),
      usage(500, 400, { 'gen_ai.response.model': 'o3-mini-2025-01-31', 'gen_ai.usage.reasoning.output_tokens': 300 }),
      researcher,
    );
    harness.start('execute_tool web', tool('web'), researcher).end();
    harness.call(anthropicChat('claude-haiku-4-5'), usage(10, 5), researcher);
    researcher.end();
    delegate.end();
    harness.call(openAIChat('gpt-4o-mini'), usage(3000, 200), orchestrator);
    orchestrator.end();
    return { orchestrator, researcher };
  }

  it('should roll up a run with parallel tool calls and a nested agent exactly', () => {
    harness = new ProcessorHarness();
    const { orchestrator, researcher } = runOrchestrator();
    // Costs per 1M tokens: gpt-4o-mini 0.15/0.60, gpt-4o-2024-08-06 2.50/10, o3-mini 1.10/4.40,
    // claude-haiku-4-5 1/5.
    // #1 (1000 * 0.15 + 100 * 0.60) / 1e6 = 0.00021      #2 (2000 * 2.50 + 300 * 10) / 1e6 = 0.008
    // #3 (500 * 1.10 + 400 * 4.40) / 1e6 = 0.00231       #4 (10 * 1 + 5 * 5) / 1e6 = 0.000035
    // #5 (3000 * 0.15 + 200 * 0.60) / 1e6 = 0.00057
    expect(rollupOf(harness.finished(researcher).attributes)).toEqual({
      'driftwatch.agent.llm_calls': 2,
      'driftwatch.agent.tool_calls': 1,
      'driftwatch.agent.tool_errors': 0,
      'driftwatch.agent.steps': 3,
      'driftwatch.agent.input_tokens': 510,
      'driftwatch.agent.output_tokens': 405,
      'driftwatch.agent.cost_usd': 0.002345,
      'driftwatch.agent.cost_unknown': false,
      'driftwatch.agent.models': ['claude-haiku-4-5', 'o3-mini-2025-01-31'],
    });
    expect(rollupOf(harness.finished(orchestrator).attributes)).toEqual({
      'driftwatch.agent.llm_calls': 5,
      'driftwatch.agent.tool_calls': 4,
      'driftwatch.agent.tool_errors': 1,
      'driftwatch.agent.steps': 9,
      'driftwatch.agent.input_tokens': 6510,
      'driftwatch.agent.output_tokens': 1005,
      'driftwatch.agent.cost_usd': 0.011125,
      'driftwatch.agent.cost_unknown': false,
      'driftwatch.agent.models': [
        'claude-haiku-4-5',
        'gpt-4o-2024-08-06',
        'gpt-4o-mini',
        'gpt-4o-mini-2024-07-18',
        'o3-mini-2025-01-31',
      ],
    });
    expect(runStats()).toEqual({ openRuns: 0, trackedSpans: 0 });
  });

  it('should record cost, tokens and steps per run by agent', async () => {
    harness = new ProcessorHarness();
    runOrchestrator();
    const byAgent = (points: Array<{ attributes: Record<string, unknown>; sum: number; count: number }>) =>
      Object.fromEntries(
        points.map((point) => [
          `${point.attributes['gen_ai.agent.name']}${point.attributes['gen_ai.token.type'] ? `/${point.attributes['gen_ai.token.type']}` : ''}`,
          [point.count, point.sum],
        ]),
      );
    expect(byAgent(await harness.histogram('driftwatch.agent.steps'))).toEqual({
      orchestrator: [1, 9],
      researcher: [1, 3],
    });
    expect(byAgent(await harness.histogram('driftwatch.agent.tokens'))).toEqual({
      'orchestrator/input': [1, 6510],
      'orchestrator/output': [1, 1005],
      'researcher/input': [1, 510],
      'researcher/output': [1, 405],
    });
    const cost = byAgent(await harness.histogram('driftwatch.agent.cost'));
    expect(cost.orchestrator?.[1]).toBeCloseTo(0.011125, 12);
    expect(cost.researcher?.[1]).toBeCloseTo(0.002345, 12);
  });

  it('should flag a run with an unpriced call and leave it out of the cost histogram', async () => {
    harness = new ProcessorHarness();
    const run = harness.start('invoke_agent local', agent('local'));
    harness.call(openAIChat('gpt-4o-mini'), usage(1000, 100), run);
    harness.call({ ...openAIChat('llama3.1:8b'), 'gen_ai.provider.name': 'ollama' }, usage(10, 5), run);
    harness.call(openAIChat('gpt-4o-mini'), { 'error.type': 'rate_limit_exceeded' }, run);
    run.end();
    expect(rollupOf(harness.finished(run).attributes)).toMatchObject({
      'driftwatch.agent.llm_calls': 3,
      'driftwatch.agent.cost_usd': 0.00021,
      'driftwatch.agent.cost_unknown': true,
    });
    expect(await harness.histogram('driftwatch.agent.cost')).toEqual([]);
    expect((await harness.histogram('driftwatch.agent.steps')).map((point) => point.sum)).toEqual([3]);
  });

  it('should not count a call that ends after its run ended, and free it all the same', () => {
    harness = new ProcessorHarness();
    const run = harness.start('invoke_agent hasty', agent('hasty'));
    const straggler = harness.start('execute_tool slow', tool('slow'), run);
    run.end();
    expect(runStats()).toEqual({ openRuns: 0, trackedSpans: 1 });
    harness.call(openAIChat('gpt-4o-mini'), usage(1, 1), straggler);
    straggler.end();
    expect(rollupOf(harness.finished(run).attributes)).toMatchObject({
      'driftwatch.agent.llm_calls': 0,
      'driftwatch.agent.tool_calls': 0,
    });
    expect(runStats()).toEqual({ openRuns: 0, trackedSpans: 0 });
  });

  it('should not grow its state over 100k runs', () => {
    harness = new ProcessorHarness({}, { exporter: false });
    for (let index = 0; index < 100_000; index += 1) {
      const run = harness.start('invoke_agent worker', agent('worker'));
      const lookup = harness.start('execute_tool lookup', tool('lookup'), run);
      const http = harness.start('GET /lookup', { 'http.request.method': 'GET' }, lookup);
      http.end();
      lookup.end();
      const chat = harness.start('chat gpt-4o-mini', openAIChat('gpt-4o-mini'), run);
      chat.setAttributes({ ...usage(100, 10), 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' });
      chat.end();
      run.end();
    }
    expect(runStats()).toEqual({ openRuns: 0, trackedSpans: 0 });
    expect(harness.processors.find((processor) => processor instanceof ModelDriftProcessor)?.stats()).toEqual({
      labels: 1,
      values: 2,
    });
  });

  it('should evict runs that never end, by count', async () => {
    harness = new ProcessorHarness({ maxOpenRuns: 100 }, { exporter: false });
    for (let index = 0; index < 10_000; index += 1) {
      const run = harness.start('invoke_agent leaky', agent('leaky'));
      harness.start('execute_tool never-ends', tool('never-ends'), run);
    }
    expect(runStats()).toEqual({ openRuns: 100, trackedSpans: 1600 });
    expect(await harness.dropped('processor.agent_runs', 'orphan_run')).toBe(9900);
  });

  it('should evict runs that never end, by age', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    harness = new ProcessorHarness({ maxRunAgeMillis: 60_000 });
    const forgotten = harness.start('invoke_agent forgotten', agent('forgotten'));
    vi.advanceTimersByTime(60_001);
    const fresh = harness.start('invoke_agent fresh', agent('fresh'));
    expect(runStats()).toEqual({ openRuns: 1, trackedSpans: 1 });
    forgotten.end();
    fresh.end();
    expect(harness.finished(forgotten).attributes['driftwatch.agent.steps']).toBeUndefined();
    expect(harness.finished(fresh).attributes['driftwatch.agent.steps']).toBe(0);
  });
});
