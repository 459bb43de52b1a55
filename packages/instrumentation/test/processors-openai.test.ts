import { OpenAIInstrumentation, traceAgent, traceTool } from '@driftwatch/instrumentation';
import { driftwatchProcessors, UnpinnedModelError } from '@driftwatch/processors';
import { type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type GaugeMetricData, MeterProvider, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

class CollectingMetricReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** A fresh SDK pipeline per test (fresh processor state): Driftwatch's processors, then an in-memory exporter. */
class ProcessorPipeline {
  readonly exporter = new InMemorySpanExporter();
  readonly reader = new CollectingMetricReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  readonly tracerProvider = new TracerProvider({
    spanProcessors: [
      ...driftwatchProcessors({ meterProvider: this.meterProvider }),
      new SimpleSpanProcessor({ exporter: this.exporter }),
    ],
  });

  spans(name?: string): ReadableSpan[] {
    const spans = this.exporter.getFinishedSpans();
    return name === undefined ? spans : spans.filter((span) => span.name === name);
  }

  async points(name: string): Promise<Array<{ attributes: Record<string, unknown>; value: number }>> {
    const { resourceMetrics } = await this.reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((m) => m.descriptor.name === name);
    return ((metric as SumMetricData | GaugeMetricData | undefined)?.dataPoints ?? []).map((point) => ({
      attributes: { ...point.attributes },
      value: point.value,
    }));
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }
}

function changesOf(span: ReadableSpan | undefined): Array<Record<string, unknown>> {
  return (span?.events ?? []).map((event) => ({ name: event.name, ...event.attributes }));
}

describe.each(OPENAI_VERSIONS)('processors on $label calls against the mock server', ({ OpenAI, version }) => {
  let server: MockLlmServer;
  let pipeline: ProcessorPipeline;
  let client: InstanceType<typeof OpenAI>;
  const instrumentation = new OpenAIInstrumentation();
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(async () => {
    server = await startMockLlmServer();
    context.setGlobalContextManager(contextManager.enable());
    if (!instrumentation.patch(OpenAI, version)) throw new Error(`could not patch ${version}`);
    client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  });
  beforeEach(() => {
    pipeline = new ProcessorPipeline();
    instrumentation.setTracerProvider(pipeline.tracerProvider);
    instrumentation.setMeterProvider(pipeline.meterProvider);
    trace.disable();
    trace.setGlobalTracerProvider(pipeline.tracerProvider);
    metrics.disable();
    metrics.setGlobalMeterProvider(pipeline.meterProvider);
  });
  afterEach(async () => {
    instrumentation.setConfig({});
    server.setScenario({});
    server.reset();
    await pipeline.shutdown();
  });
  afterAll(async () => {
    instrumentation.disable();
    trace.disable();
    metrics.disable();
    context.disable();
    await server.close();
  });

  const ask = (model: string, content = 'Qualify the lead from Acme') =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content }] });

  it('should detect a scripted checkpoint swap at the first changed call, and not before', async () => {
    server.setScenario({ checkpointSwap: { afterCalls: 2, model: 'gpt-4o-mini', toModel: 'gpt-4o-mini-2025-01-01' } });
    const answers = [];
    for (let call = 0; call < 4; call += 1) answers.push(await ask('gpt-4o-mini'));
    const [before, , swapped] = answers;
    expect(answers.map((answer) => answer.model)).toEqual([
      'gpt-4o-mini-2024-07-18',
      'gpt-4o-mini-2024-07-18',
      'gpt-4o-mini-2025-01-01',
      'gpt-4o-mini-2025-01-01',
    ]);
    const spans = pipeline.spans();
    expect(spans.map(changesOf)).toEqual([
      [],
      [],
      [
        {
          name: 'driftwatch.model.changed',
          'driftwatch.model.change.kind': 'response_model',
          'driftwatch.model.change.previous': 'gpt-4o-mini-2024-07-18',
          'driftwatch.model.change.current': 'gpt-4o-mini-2025-01-01',
        },
        {
          name: 'driftwatch.model.changed',
          'driftwatch.model.change.kind': 'system_fingerprint',
          'driftwatch.model.change.previous': before?.system_fingerprint,
          'driftwatch.model.change.current': swapped?.system_fingerprint,
        },
      ],
      [],
    ]);
    // The new checkpoint is not in the table: priced as the checkpoint its label resolves to.
    expect(spans[2]?.attributes['driftwatch.cost.priced_model']).toBe('gpt-4o-mini-2024-07-18');
    expect(spans.every((span) => span.attributes['driftwatch.model.pinned'] === false)).toBe(true);
    const checkpoints = await pipeline.points('driftwatch.model.checkpoint');
    expect(checkpoints.map((point) => [point.attributes['gen_ai.response.model'], point.value]).sort()).toEqual([
      ['gpt-4o-mini-2024-07-18', 0],
      ['gpt-4o-mini-2025-01-01', 1],
    ]);
  });

  it('should detect a backend change that only shows in system_fingerprint', async () => {
    server.setScenario({
      checkpointSwap: { afterCalls: 1, toModel: 'gpt-4o-2024-08-06', toFingerprint: 'fp_0a1b2c3d4e' },
    });
    const first = await ask('gpt-4o');
    await ask('gpt-4o');
    await ask('gpt-4o');
    expect(pipeline.spans().map(changesOf)).toEqual([
      [],
      [
        {
          name: 'driftwatch.model.changed',
          'driftwatch.model.change.kind': 'system_fingerprint',
          'driftwatch.model.change.previous': first.system_fingerprint,
          'driftwatch.model.change.current': 'fp_0a1b2c3d4e',
        },
      ],
      [],
    ]);
    expect(await pipeline.points('driftwatch.model.changes')).toEqual([
      {
        attributes: {
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'driftwatch.model.change.kind': 'system_fingerprint',
        },
        value: 1,
      },
    ]);
  });

  it('should price a real call with cached input to the micro-dollar, and measure its context fill', async () => {
    // The mock counts ceil(4400 / 4) + 3 = 1103 input tokens and caches floor(1103 / 2 / 128) * 128 = 512 of them.
    const answer = await ask('gpt-4o-mini', 'x'.repeat(4400));
    expect(answer.usage).toMatchObject({ prompt_tokens: 1103, prompt_tokens_details: { cached_tokens: 512 } });
    const outputTokens = answer.usage?.completion_tokens ?? Number.NaN;
    expect(outputTokens).toBe(14);
    const [span] = pipeline.spans();
    // gpt-4o-mini-2024-07-18: (591 * 0.15 + 512 * 0.075 + 14 * 0.60) / 1e6 = (88.65 + 38.4 + 8.4) / 1e6 = $0.00013545
    expect(span?.attributes['driftwatch.cost.usd']).toBeCloseTo(0.00013545, 12);
    // 1103 / 128,000
    expect(span?.attributes['driftwatch.context.fill_ratio']).toBeCloseTo(0.0086171875, 12);
  });

  it('should roll up a traceAgent run of real calls, parallel tools and a nested agent', async () => {
    const answer = await traceAgent({ name: 'orchestrator' }, async () => {
      await ask('gpt-4o-mini', 'Plan the research');
      await Promise.allSettled([
        traceTool({ name: 'search' }, async () => 'found'),
        traceTool({ name: 'crm' }, async () => {
          throw new Error('crm is down');
        }),
      ]);
      await traceAgent({ name: 'researcher' }, async () => {
        await ask('o3-mini', 'Dig deeper');
        await traceTool({ name: 'web' }, async () => 'page');
      });
      return ask('gpt-4o-mini', 'Summarize');
    });
    expect(answer.choices[0]?.message.content).toMatch(/^Mock answer/);

    const chats = pipeline.spans().filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    const [orchestrator] = pipeline.spans('invoke_agent orchestrator');
    const [researcher] = pipeline.spans('invoke_agent researcher');
    const sum = (spans: ReadableSpan[], key: string) =>
      spans.reduce((total, span) => total + (span.attributes[key] as number), 0);
    const nested = chats.filter((span) => span.parentSpanContext?.spanId === researcher?.spanContext().spanId);
    expect(chats).toHaveLength(3);
    expect(nested).toHaveLength(1);
    expect(researcher?.attributes).toMatchObject({
      'driftwatch.agent.llm_calls': 1,
      'driftwatch.agent.tool_calls': 1,
      'driftwatch.agent.tool_errors': 0,
      'driftwatch.agent.steps': 2,
      'driftwatch.agent.input_tokens': sum(nested, 'gen_ai.usage.input_tokens'),
      'driftwatch.agent.output_tokens': sum(nested, 'gen_ai.usage.output_tokens'),
      'driftwatch.agent.cost_unknown': false,
      'driftwatch.agent.models': ['o3-mini-2025-01-31'],
    });
    expect(orchestrator?.attributes).toMatchObject({
      'driftwatch.agent.llm_calls': 3,
      'driftwatch.agent.tool_calls': 3,
      'driftwatch.agent.tool_errors': 1,
      'driftwatch.agent.steps': 6,
      'driftwatch.agent.input_tokens': sum(chats, 'gen_ai.usage.input_tokens'),
      'driftwatch.agent.output_tokens': sum(chats, 'gen_ai.usage.output_tokens'),
      'driftwatch.agent.cost_unknown': false,
      'driftwatch.agent.models': ['gpt-4o-mini-2024-07-18', 'o3-mini-2025-01-31'],
    });
    expect(orchestrator?.attributes['driftwatch.agent.cost_usd']).toBeCloseTo(sum(chats, 'driftwatch.cost.usd'), 12);
    const costByAgent = await pipeline.points('driftwatch.llm.cost');
    expect(costByAgent.map((point) => point.attributes['gen_ai.agent.name']).sort()).toEqual([
      'orchestrator',
      'researcher',
    ]);
  });

  it('should say why a call is unpriced: a priced model streamed without usage vs a model not in the table', async () => {
    // The mock is not api.openai.com: Driftwatch does not ask it for stream usage, so the stream carries none.
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Qualify the lead from Acme' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toMatch(/^Mock answer/);
    await ask('acme-local-model');

    const [streamed, unknown] = pipeline.spans();
    expect(streamed?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(streamed?.attributes).toMatchObject({
      'driftwatch.cost.unknown': true,
      'driftwatch.cost.unpriced_reason': 'usage_missing',
    });
    expect(unknown?.attributes).toMatchObject({
      'driftwatch.cost.unknown': true,
      'driftwatch.cost.unpriced_reason': 'unknown_model',
    });
    const unpriced = await pipeline.points('driftwatch.llm.unpriced_calls');
    expect(
      unpriced
        .map((point) => point.attributes)
        .sort((a, b) => String(a['gen_ai.request.model']).localeCompare(String(b['gen_ai.request.model']))),
    ).toEqual([
      {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'acme-local-model',
        'driftwatch.cost.unpriced_reason': 'unknown_model',
      },
      {
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'driftwatch.cost.unpriced_reason': 'usage_missing',
      },
    ]);
    expect(unpriced.map((point) => point.value)).toEqual([1, 1]);
  });

  it('should count a tool that returned an API’s 500 body among the run’s tool errors', async () => {
    const body = await traceAgent({ name: 'lead-qualifier' }, () =>
      traceTool({ name: 'enrich_lead' }, async () => {
        const response = await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-mock-fault': 'server_error' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'enrich' }] }),
        });
        return response.json();
      }),
    );

    expect(body).toMatchObject({ error: { type: 'server_error' } });
    expect(pipeline.spans('execute_tool enrich_lead')[0]?.attributes['error.type']).toBe('500');
    expect(pipeline.spans('invoke_agent lead-qualifier')[0]?.attributes).toMatchObject({
      'driftwatch.agent.tool_calls': 1,
      'driftwatch.agent.tool_errors': 1,
    });
  });

  it('should refuse a floating model before sending with requirePinnedModels: error', async () => {
    instrumentation.setConfig({ requirePinnedModels: 'error' });
    let refusal: unknown;
    try {
      await ask('gpt-4o-mini');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UnpinnedModelError);
    expect(refusal).toMatchObject({
      name: 'UnpinnedModelError',
      code: 'driftwatch_unpinned_model',
      model: 'gpt-4o-mini',
      checkpoint: 'gpt-4o-mini-2024-07-18',
      message:
        'model "gpt-4o-mini" is a floating alias and DRIFTWATCH_REQUIRE_PINNED_MODELS=error requires pinned models: ' +
        'request a dated checkpoint such as "gpt-4o-mini-2024-07-18". The request was not sent.',
    });
    expect(() => ask('gpt-4o-mini')).toThrow(UnpinnedModelError);
    expect(server.requests).toEqual([]);
    expect(pipeline.spans()).toEqual([]);

    await ask('gpt-4o-mini-2024-07-18');
    await ask('my-fine-deployment');
    expect(server.requests).toHaveLength(2);
    expect(pipeline.spans().map((span) => span.attributes['driftwatch.model.pinned'])).toEqual([true, undefined]);
  });
});
