import { driftwatchProcessors } from '@driftwatch/processors';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, CLAUDE_CHECKPOINT, CLAUDE_MODEL } from './helpers/anthropic-versions';

describe("Driftwatch's processors on Anthropic spans, unchanged", () => {
  const bed = useAnthropicTestbed(ANTHROPIC_VERSIONS[0]!);

  it('should price the calls (cache writes dearer than reads) and measure the context window of the Claude model', async () => {
    const exporter = new InMemorySpanExporter();
    const processors = driftwatchProcessors({ meterProvider: bed.telemetry.meterProvider });
    const provider = new TracerProvider({ spanProcessors: [...processors, new SimpleSpanProcessor({ exporter })] });
    bed.instrumentation.setTracerProvider(provider);
    const request = {
      model: CLAUDE_MODEL,
      max_tokens: 64,
      system: [{ type: 'text' as const, text: 'policy '.repeat(700), cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: 'Is this lead qualified?' }],
    };
    await bed.client.messages.create(request);
    await bed.client.messages.create(request);
    const [written, read] = exporter.getFinishedSpans();
    await provider.shutdown();
    for (const span of [written, read]) {
      expect(span?.attributes).toMatchObject({
        'driftwatch.cost.priced_model': CLAUDE_CHECKPOINT,
        'driftwatch.context.window': 200_000,
        'driftwatch.context.fill_ratio': (span?.attributes['gen_ai.usage.input_tokens'] as number) / 200_000,
      });
      expect(span?.attributes['driftwatch.cost.usd']).toBeGreaterThan(0);
    }
    expect(read?.attributes['driftwatch.cost.usd']).toBeLessThan(written?.attributes['driftwatch.cost.usd'] as number);
  });
});
