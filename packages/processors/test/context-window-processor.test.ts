import { afterEach, describe, expect, it } from 'vitest';
import { anthropicChat, openAIChat, ProcessorHarness } from './helpers/processor-harness';

describe('ContextWindowProcessor', () => {
  let harness: ProcessorHarness;
  afterEach(async () => {
    await harness?.shutdown();
  });

  it('should record the 75% and 95% fill of a 128k window on the span and in the histogram buckets', async () => {
    harness = new ProcessorHarness();
    const agent = harness.start('invoke_agent support', {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support',
    });
    // gpt-4o-mini: 128,000 tokens. 96,000 / 128,000 = 0.75; 121,600 / 128,000 = 0.95.
    const threeQuarters = harness.call(
      openAIChat('gpt-4o-mini'),
      { 'gen_ai.usage.input_tokens': 96_000, 'gen_ai.usage.cache_read.input_tokens': 90_000 },
      agent,
    );
    const nearlyFull = harness.call(openAIChat('gpt-4o-mini'), { 'gen_ai.usage.input_tokens': 121_600 }, agent);
    agent.end();
    expect(threeQuarters.attributes['driftwatch.context.fill_ratio']).toBe(0.75);
    expect(threeQuarters.attributes['driftwatch.context.window']).toBe(128_000);
    expect(nearlyFull.attributes['driftwatch.context.fill_ratio']).toBe(0.95);

    const [point, ...others] = await harness.histogram('driftwatch.context.fill_ratio');
    expect(others).toEqual([]);
    expect(point?.attributes).toEqual({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.agent.name': 'support',
    });
    expect(point?.boundaries).toEqual([0.1, 0.25, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 1]);
    // Upper bounds are inclusive: 0.75 lands in (0.7, 0.75], 0.95 in (0.9, 0.95].
    expect(point?.counts).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('should use the window of the model that answered, and of Anthropic models', () => {
    harness = new ProcessorHarness();
    const claude = harness.call(anthropicChat('claude-haiku-4-5'), {
      'gen_ai.response.model': 'claude-haiku-4-5-20251001',
      'gen_ai.usage.input_tokens': 150_000,
    });
    // 150,000 / 200,000
    expect(claude.attributes['driftwatch.context.fill_ratio']).toBe(0.75);
    const gpt41 = harness.call(openAIChat('gpt-4.1'), { 'gen_ai.usage.input_tokens': 104_757 });
    // gpt-4.1: 1,047,576 tokens. 104,757 / 1,047,576 = 0.1000...
    expect(gpt41.attributes['driftwatch.context.fill_ratio']).toBeCloseTo(0.1, 5);
  });

  it('should leave calls of unknown models and calls without usage alone', async () => {
    harness = new ProcessorHarness();
    const unknown = harness.call(openAIChat('llama3.1:8b'), { 'gen_ai.usage.input_tokens': 100 });
    const noUsage = harness.call(openAIChat('gpt-4o-mini'), {});
    for (const span of [unknown, noUsage]) {
      expect(span.attributes['driftwatch.context.fill_ratio']).toBeUndefined();
      expect(span.attributes['driftwatch.context.window']).toBeUndefined();
    }
    expect(await harness.histogram('driftwatch.context.fill_ratio')).toEqual([]);
  });
});
