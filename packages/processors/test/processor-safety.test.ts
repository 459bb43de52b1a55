import { driftwatchProcessors } from '@driftwatch/processors';
import {
  type Counter,
  diag,
  type Meter,
  type MeterProvider as MeterProviderApi,
  metrics,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag, openAIChat, ProcessorHarness } from './helpers/processor-harness';

/** A MeterProvider whose `driftwatch.llm.cost` counter misbehaves on `add`; every other instrument is real. */
function misbehavingCostCounter(inner: MeterProviderApi, add: () => void): MeterProviderApi {
  return {
    getMeter(name, version, options): Meter {
      const meter = inner.getMeter(name, version, options);
      return new Proxy(meter, {
        get(target, property, receiver) {
          if (property !== 'createCounter') return Reflect.get(target, property, receiver);
          return (counterName: string, counterOptions: object): Counter =>
            counterName === 'driftwatch.llm.cost' ? { add } : target.createCounter(counterName, counterOptions);
        },
      });
    },
  };
}

const ANSWER = {
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.usage.input_tokens': 96_000,
  'gen_ai.usage.output_tokens': 10,
};

/** Ends `count` LLM spans through `processors` alone; returns their provider, to shut down. */
function endLlmSpans(processors: SpanProcessor[], count: number): TracerProvider {
  const provider = new TracerProvider({ spanProcessors: processors });
  for (let index = 0; index < count; index += 1) {
    provider
      .getTracer('test')
      .startSpan('chat', { attributes: { ...openAIChat('gpt-4o-mini'), ...ANSWER } })
      .end();
  }
  return provider;
}

describe('processor safety', () => {
  let harness: ProcessorHarness | undefined;
  let messages: string[];

  beforeEach(() => {
    messages = captureDiag();
  });
  afterEach(async () => {
    diag.disable();
    metrics.disable();
    await harness?.shutdown();
    harness = undefined;
  });

  it('should contain a throwing processor: the app goes on, the other processors still enrich the span', async () => {
    const meterProvider = new MeterProvider();
    harness = new ProcessorHarness({
      meterProvider: misbehavingCostCounter(meterProvider, () => {
        throw new Error('exporter exploded');
      }),
    });
    const first = harness.call(openAIChat('gpt-4o-mini'), ANSWER);
    const second = harness.call(openAIChat('gpt-4o-mini'), ANSWER);
    for (const span of [first, second]) {
      expect(span.attributes['driftwatch.model.pinned']).toBe(false);
      expect(span.attributes['driftwatch.context.fill_ratio']).toBe(0.75);
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toBe('@driftwatch/processors: processor.cost failed; the span went on without it');
    await meterProvider.shutdown();
  });

  it('should count each contained failure in driftwatch.telemetry.dropped', async () => {
    const reading = new ProcessorHarness();
    harness = reading;
    const processors = driftwatchProcessors({
      meterProvider: misbehavingCostCounter(reading.meterProvider, () => {
        throw new Error('exporter exploded');
      }),
    });
    const provider = endLlmSpans(processors, 3);
    expect(await reading.dropped('processor.cost', 'internal_error')).toBe(3);
    await provider.shutdown();
  });

  it('should report a slow processor once and count every slow call', async () => {
    const reading = new ProcessorHarness();
    harness = reading;
    const processors = driftwatchProcessors({
      slowThresholdMillis: 2,
      meterProvider: misbehavingCostCounter(reading.meterProvider, () => {
        const until = performance.now() + 5;
        while (performance.now() < until) {
          // A synchronous stall, as a slow processor would cause.
        }
      }),
    });
    const provider = endLlmSpans(processors, 2);
    const costMessages = messages.filter((message) => message.includes('processor.cost'));
    expect(costMessages).toHaveLength(1);
    expect(costMessages[0]).toMatch(
      /^@driftwatch\/processors: processor\.cost took \d+\.\d ms on one span \(threshold 2 ms\)/,
    );
    expect(await reading.dropped('processor.cost', 'slow')).toBe(2);
    await provider.shutdown();
  });

  it('should record to a global MeterProvider registered after the processors were built', async () => {
    const processors = driftwatchProcessors();
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [...processors, new SimpleSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('test');
    tracer.startSpan('chat', { attributes: { ...openAIChat('gpt-4o-mini'), ...ANSWER } }, ROOT_CONTEXT).end();

    // What NodeSDK.start() does after the processors were handed to it.
    const late = new ProcessorHarness();
    harness = late;
    metrics.setGlobalMeterProvider(late.meterProvider);
    tracer.startSpan('chat', { attributes: { ...openAIChat('gpt-4o-mini'), ...ANSWER } }, ROOT_CONTEXT).end();

    // (96,000 * 0.15 + 10 * 0.60) / 1e6 = $0.014406; only the call after registration reaches the provider.
    const points = await late.points('driftwatch.llm.cost');
    expect(points.map((point) => point.value)).toEqual([0.014406]);
    expect(exporter.getFinishedSpans().map((span) => span.attributes['driftwatch.cost.usd'])).toEqual([
      0.014406, 0.014406,
    ]);
    await provider.shutdown();
  });
});
