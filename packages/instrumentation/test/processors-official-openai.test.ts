import { OpenAIInstrumentation } from '@driftwatch/instrumentation';
import { driftwatchProcessors } from '@driftwatch/processors';
import { type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { OpenAIInstrumentation as OfficialOpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import OpenAI7 from 'openai';
import { VERSION as VERSION7 } from 'openai/version';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Client = InstanceType<typeof OpenAI7>;

/** What the processors add to a span, plus the model-change events of kind `response_model`. */
function processorView(span: ReadableSpan) {
  const pick = (key: string) => span.attributes[key];
  return {
    name: span.name,
    cost: pick('driftwatch.cost.usd'),
    pricedModel: pick('driftwatch.cost.priced_model'),
    costUnknown: pick('driftwatch.cost.unknown'),
    pinned: pick('driftwatch.model.pinned'),
    fillRatio: pick('driftwatch.context.fill_ratio'),
    window: pick('driftwatch.context.window'),
    modelChanges: span.events
      .filter((event) => event.attributes?.['driftwatch.model.change.kind'] === 'response_model')
      .map((event) => event.attributes),
  };
}

/** Chat twice, a third chat and a response answered by the swapped checkpoint, a reasoning model, an embedding. */
async function workload(client: Client): Promise<void> {
  const messages = [{ role: 'user' as const, content: 'Qualify the lead from Acme' }];
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  await client.responses.create({ model: 'gpt-4o-mini', input: 'Is Acme a good fit?' });
  await client.chat.completions.create({ model: 'o3-mini', messages });
  await client.embeddings.create({ model: 'text-embedding-3-small', input: 'Acme Corp' });
}

describe('processors on spans of the official @opentelemetry/instrumentation-openai', () => {
  let server: MockLlmServer;

  beforeAll(async () => {
    server = await startMockLlmServer({
      scenario: { checkpointSwap: { afterCalls: 2, model: 'gpt-4o-mini', toModel: 'gpt-4o-mini-2025-01-01' } },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Runs the workload with a fresh processor chain; `instrument` wires its instrumentation to the provider. */
  async function traced(instrument: (provider: TracerProvider, meterProvider: MeterProvider) => Client) {
    server.reset();
    const exporter = new InMemorySpanExporter();
    const meterProvider = new MeterProvider();
    const tracerProvider = new TracerProvider({
      spanProcessors: [...driftwatchProcessors({ meterProvider }), new SimpleSpanProcessor({ exporter })],
    });
    await workload(instrument(tracerProvider, meterProvider));
    const spans = exporter.getFinishedSpans();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    return spans;
  }

  it('should give them the same cost, pinning, context and model-change attributes as Driftwatch spans', async () => {
    const official = await traced((tracerProvider, meterProvider) => {
      // Its hook only matches the module name `openai`: apply its module definition to openai 6 by hand.
      const OpenAI6Module = require('openai-v6') as { OpenAI: typeof OpenAI7 };
      const instrumentation = new OfficialOpenAIInstrumentation();
      instrumentation.setTracerProvider(tracerProvider);
      instrumentation.setMeterProvider(meterProvider);
      const [definition] = instrumentation.getModuleDefinitions();
      definition?.patch?.(OpenAI6Module, require('openai-v6/version').VERSION);
      return new OpenAI6Module.OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    });
    const ours = await traced((tracerProvider, meterProvider) => {
      const instrumentation = new OpenAIInstrumentation();
      instrumentation.setTracerProvider(tracerProvider);
      instrumentation.setMeterProvider(meterProvider);
      instrumentation.patch(OpenAI7, VERSION7);
      return new OpenAI7({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    });

    // The official chat spans carry the legacy `gen_ai.system`, and no cached, reasoning or fingerprint counts.
    expect(official[0]?.attributes['gen_ai.system']).toBe('openai');
    expect(official[0]?.attributes['gen_ai.provider.name']).toBeUndefined();
    expect(ours.map(processorView)).toEqual(official.map(processorView));

    const views = ours.map(processorView);
    expect(views.map((view) => [view.name, view.pricedModel, view.pinned])).toEqual([
      ['chat gpt-4o-mini', 'gpt-4o-mini-2024-07-18', false],
      ['chat gpt-4o-mini', 'gpt-4o-mini-2024-07-18', false],
      ['chat gpt-4o-mini', 'gpt-4o-mini-2024-07-18', false],
      ['chat gpt-4o-mini', 'gpt-4o-mini-2024-07-18', false],
      ['chat o3-mini', 'o3-mini-2025-01-31', false],
      ['embeddings text-embedding-3-small', 'text-embedding-3-small', true],
    ]);
    expect(views.every((view) => typeof view.cost === 'number' && view.cost > 0)).toBe(true);
    expect(views.map((view) => view.modelChanges.length)).toEqual([0, 0, 1, 0, 0, 0]);
    // Only Driftwatch's spans carry openai.response.system_fingerprint, so only they show the fingerprint change.
    expect(ours[2]?.events).toHaveLength(2);
    expect(official[2]?.events).toHaveLength(1);
  });
});
