import { afterEach, describe, expect, it } from 'vitest';
import { anthropicChat, openAIChat, ProcessorHarness } from './helpers/processor-harness';

describe('CostProcessor', () => {
  let harness: ProcessorHarness;
  afterEach(async () => {
    await harness?.shutdown();
  });

  it('should price cached input at the cached rate, to the micro-dollar', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(openAIChat('gpt-4o-mini'), {
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 512,
      'gen_ai.usage.output_tokens': 200,
    });
    // gpt-4o-mini-2024-07-18: $0.15 input, $0.075 cached input, $0.60 output per 1M tokens.
    // (488 * 0.15 + 512 * 0.075 + 200 * 0.60) / 1e6 = (73.2 + 38.4 + 120) / 1e6 = $0.0002316
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.0002316, 12);
    expect(span.attributes['driftwatch.cost.priced_model']).toBe('gpt-4o-mini-2024-07-18');
    expect(span.attributes['driftwatch.cost.unknown']).toBeUndefined();
  });

  it('should price reasoning tokens, part of output, at the reasoning rate', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(openAIChat('o3-mini-2025-01-31'), {
      'gen_ai.response.model': 'o3-mini-2025-01-31',
      'gen_ai.usage.input_tokens': 2000,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.reasoning.output_tokens': 300,
    });
    // o3-mini: $1.10 input, $0.55 cached, $4.40 output (reasoning billed as output).
    // (976 * 1.10 + 1024 * 0.55 + 200 * 4.40 + 300 * 4.40) / 1e6 = (1073.6 + 563.2 + 880 + 1320) / 1e6 = $0.0038368
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.0038368, 12);
  });

  it('should use a reasoning price of its own when the table has one', async () => {
    harness = new ProcessorHarness({
      prices: {
        models: {
          'acme-reasoner-2026-01-01': { input: 1, cache_read: 0.25, output: 2, reasoning: 8, context_window: 32000 },
        },
      },
    });
    const span = harness.call(openAIChat('acme-reasoner-2026-01-01'), {
      'gen_ai.usage.input_tokens': 4000,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 1000,
      'gen_ai.usage.reasoning.output_tokens': 600,
    });
    // (3000 * 1 + 1000 * 0.25 + 400 * 2 + 600 * 8) / 1e6 = (3000 + 250 + 800 + 4800) / 1e6 = $0.00885
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.00885, 12);
    expect(span.attributes['driftwatch.cost.priced_model']).toBe('acme-reasoner-2026-01-01');
  });

  it('should price Anthropic cache reads and cache writes at their own rates', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(anthropicChat('claude-sonnet-4-5'), {
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      // The conventions' input_tokens include both cache counts: 2000 uncached + 5000 read + 3000 written.
      'gen_ai.usage.input_tokens': 10_000,
      'gen_ai.usage.cache_read.input_tokens': 5000,
      'gen_ai.usage.cache_creation.input_tokens': 3000,
      'gen_ai.usage.output_tokens': 1000,
    });
    // claude-sonnet-4-5: $3 input, $0.30 cache hit, $3.75 cache write (5 min), $15 output.
    // (2000 * 3 + 5000 * 0.30 + 3000 * 3.75 + 1000 * 15) / 1e6 = (6000 + 1500 + 11250 + 15000) / 1e6 = $0.03375
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.03375, 12);
    expect(span.attributes['driftwatch.cost.priced_model']).toBe('claude-sonnet-4-5-20250929');
  });

  it('should price cached tokens at the input rate when the model has no cached rate', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(openAIChat('gpt-4o-2024-05-13'), {
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 500,
      'gen_ai.usage.output_tokens': 100,
    });
    // gpt-4o-2024-05-13: $5 input (no cached rate), $15 output: (1000 * 5 + 100 * 15) / 1e6 = $0.0065
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.0065, 12);
  });

  it('should price embeddings by their input alone', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(
      { ...openAIChat('text-embedding-3-small'), 'gen_ai.operation.name': 'embeddings' },
      { 'gen_ai.response.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 1234 },
    );
    // 1234 * $0.02 / 1e6 = $0.00002468
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.00002468, 12);
  });

  it('should resolve an alias, and price a dated variant the table does not list by its base name', async () => {
    harness = new ProcessorHarness();
    const aliased = harness.call(openAIChat('gpt-4o'), {
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 50,
    });
    // gpt-4o -> gpt-4o-2024-08-06: (100 * 2.50 + 50 * 10) / 1e6 = $0.00075
    expect(aliased.attributes['driftwatch.cost.usd']).toBeCloseTo(0.00075, 12);
    expect(aliased.attributes['driftwatch.cost.priced_model']).toBe('gpt-4o-2024-08-06');

    const swapped = harness.call(openAIChat('gpt-4o-mini'), {
      'gen_ai.response.model': 'gpt-4o-mini-2025-01-01',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 100,
    });
    // Not in the table: priced as what gpt-4o-mini resolves to (not as gpt-4o, a shorter prefix).
    // (100 * 0.15 + 100 * 0.60) / 1e6 = $0.000075
    expect(swapped.attributes['driftwatch.cost.usd']).toBeCloseTo(0.000075, 12);
    expect(swapped.attributes['driftwatch.cost.priced_model']).toBe('gpt-4o-mini-2024-07-18');
  });

  it('should read the legacy names other instrumentations emit', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o' },
      { 'gen_ai.usage.prompt_tokens': 100, 'gen_ai.usage.completion_tokens': 50 },
    );
    expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(0.00075, 12);
    expect(await harness.points('driftwatch.llm.cost')).toEqual([
      { attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' }, value: 0.00075 },
    ]);
  });

  it('should mark an unknown model as cost unknown and count it, never pricing it as 0', async () => {
    harness = new ProcessorHarness();
    const span = harness.call(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'ollama', 'gen_ai.request.model': 'llama3.1:8b' },
      { 'gen_ai.response.model': 'llama3.1:8b', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 },
    );
    expect(span.attributes['driftwatch.cost.unknown']).toBe(true);
    expect(span.attributes['driftwatch.cost.unpriced_reason']).toBe('unknown_model');
    expect(span.attributes['driftwatch.cost.usd']).toBeUndefined();
    expect(span.attributes['driftwatch.cost.priced_model']).toBeUndefined();
    expect(await harness.points('driftwatch.llm.unpriced_calls')).toEqual([
      {
        attributes: {
          'gen_ai.provider.name': 'ollama',
          'gen_ai.request.model': 'llama3.1:8b',
          'driftwatch.cost.unpriced_reason': 'unknown_model',
        },
        value: 1,
      },
    ]);
    expect(await harness.points('driftwatch.llm.cost')).toEqual([]);
  });

  it('should mark a successful call without usage as cost unknown, and leave a failed one alone', async () => {
    harness = new ProcessorHarness();
    const noUsage = harness.call(openAIChat('gpt-4o-mini'), { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' });
    const failed = harness.call(openAIChat('gpt-4o-mini'), { 'error.type': 'rate_limit_exceeded' });
    const unknownWithoutUsage = harness.call(
      { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'ollama', 'gen_ai.request.model': 'llama3.1:8b' },
      {},
    );
    expect(noUsage.attributes['driftwatch.cost.unknown']).toBe(true);
    expect(noUsage.attributes['driftwatch.cost.unpriced_reason']).toBe('usage_missing');
    // Both gaps: the price table's comes first (usage alone would not price it).
    expect(unknownWithoutUsage.attributes['driftwatch.cost.unpriced_reason']).toBe('unknown_model');
    expect(failed.attributes['driftwatch.cost.unknown']).toBeUndefined();
    expect(failed.attributes['driftwatch.cost.unpriced_reason']).toBeUndefined();
    expect(failed.attributes['driftwatch.cost.usd']).toBeUndefined();
    const byReason = (await harness.points('driftwatch.llm.unpriced_calls')).map((point) => [
      point.attributes['driftwatch.cost.unpriced_reason'],
      point.value,
    ]);
    expect(byReason.sort()).toEqual([
      ['unknown_model', 1],
      ['usage_missing', 1],
    ]);
  });

  it('should count cost by provider, request model and the enclosing agent', async () => {
    harness = new ProcessorHarness();
    const agent = harness.start('invoke_agent lead-qualifier', {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'lead-qualifier',
    });
    const usage = { 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 1000 };
    harness.call(openAIChat('gpt-4o-mini'), usage, agent);
    harness.call(openAIChat('gpt-4o-mini'), usage, agent);
    agent.end();
    harness.call(openAIChat('gpt-4o-mini'), usage);
    // Each call: (1000 * 0.15 + 1000 * 0.60) / 1e6 = $0.00075.
    const points = await harness.points('driftwatch.llm.cost');
    const labels = { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };
    expect(points).toHaveLength(2);
    expect(points).toContainEqual({ attributes: { ...labels, 'gen_ai.agent.name': 'lead-qualifier' }, value: 0.0015 });
    expect(points).toContainEqual({ attributes: labels, value: 0.00075 });
  });

  it('should leave spans that are not LLM calls untouched', async () => {
    harness = new ProcessorHarness();
    const plain = harness.start('GET /leads', { 'http.request.method': 'GET' });
    plain.end();
    const tool = harness.start('execute_tool crm', {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'crm',
    });
    tool.end();
    expect(harness.finished(plain).attributes).toEqual({ 'http.request.method': 'GET' });
    expect(harness.finished(tool).attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'crm',
    });
  });
});
