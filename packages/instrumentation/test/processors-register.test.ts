import { join } from 'node:path';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from './helpers/run-app';

const APP = join(__dirname, 'fixtures', 'app.mjs');
const REGISTER = ['--import', '@driftwatch/instrumentation/register'];

describe('the processors under the one-line register, in a real child process', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;

  const env = (extra: Record<string, string> = {}) => ({
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-test',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'lead-agent',
    // The mock is not api.openai.com: opt its streams into usage, as a user of an accepting proxy would.
    DRIFTWATCH_STREAM_USAGE: 'always',
    ...extra,
  });

  const sumOf = (name: string) =>
    receiver
      .metrics()
      .filter((point) => point.name === name)
      .reduce((total, point) => total + (point.value ?? 0), 0);

  beforeAll(async () => {
    llm = await startMockLlmServer();
    receiver = await startOtlpReceiver();
  });
  beforeEach(() => {
    receiver.reset();
    llm.reset();
    llm.setScenario({});
  });
  afterAll(async () => {
    await receiver.close();
    await llm.close();
  });

  it('should export cost, pinning, context and model-change attributes and their metrics over OTLP', async () => {
    // The workload asks gpt-4o-mini three times (chat, streamed chat, response): the third is a new checkpoint.
    llm.setScenario({ checkpointSwap: { afterCalls: 2, model: 'gpt-4o-mini', toModel: 'gpt-4o-mini-2025-01-01' } });
    const run = await runApp({ script: APP, nodeArguments: REGISTER, env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await receiver.waitFor((current) => current.spans().length >= 4);
    await receiver.waitFor((current) => current.metrics().some((point) => point.name === 'driftwatch.llm.cost'));

    const spans = receiver.spans();
    const chats = spans.filter((span) => span.name === 'chat gpt-4o-mini');
    const [embedding] = spans.filter((span) => span.name === 'embeddings text-embedding-3-small');
    expect(chats).toHaveLength(3);
    for (const span of chats) {
      const input = span.attributes['gen_ai.usage.input_tokens'] as number;
      const cached = (span.attributes['gen_ai.usage.cache_read.input_tokens'] as number | undefined) ?? 0;
      const output = span.attributes['gen_ai.usage.output_tokens'] as number;
      // gpt-4o-mini-2024-07-18 per 1M tokens: $0.15 input, $0.075 cached input, $0.60 output.
      const expected = ((input - cached) * 0.15 + cached * 0.075 + output * 0.6) / 1e6;
      expect(span.attributes['driftwatch.cost.usd']).toBeCloseTo(expected, 12);
      expect(span.attributes['driftwatch.cost.priced_model']).toBe('gpt-4o-mini-2024-07-18');
      expect(span.attributes['driftwatch.model.pinned']).toBe(false);
      expect(span.attributes['driftwatch.context.window']).toBe(128_000);
      expect(span.attributes['driftwatch.context.fill_ratio']).toBeCloseTo(input / 128_000, 12);
    }
    expect(embedding?.attributes['driftwatch.cost.usd']).toBeCloseTo(
      ((embedding?.attributes['gen_ai.usage.input_tokens'] as number) * 0.02) / 1e6,
      12,
    );
    expect(embedding?.attributes['driftwatch.model.pinned']).toBe(true);

    const changed = chats.filter((span) => span.events.some((event) => event.name === 'driftwatch.model.changed'));
    expect(changed).toHaveLength(1);
    expect(changed[0]?.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2025-01-01');
    expect(changed[0]?.events.map((event) => event.attributes['driftwatch.model.change.kind'])).toEqual([
      'response_model',
    ]);

    const spanCost = spans.reduce(
      (total, span) => total + ((span.attributes['driftwatch.cost.usd'] as number) ?? 0),
      0,
    );
    expect(sumOf('driftwatch.llm.cost')).toBeCloseTo(spanCost, 12);
    expect(sumOf('driftwatch.model.unpinned_calls')).toBe(3);
    expect(sumOf('driftwatch.model.changes')).toBe(1);
    const checkpoints = receiver.metrics().filter((point) => point.name === 'driftwatch.model.checkpoint');
    expect(
      checkpoints
        .filter((point) => point.attributes['gen_ai.request.model'] === 'gpt-4o-mini')
        .map((point) => [point.attributes['gen_ai.response.model'], point.value])
        .sort(),
    ).toEqual([
      ['gpt-4o-mini-2024-07-18', 0],
      ['gpt-4o-mini-2025-01-01', 1],
    ]);
  });

  it('should still record the processors metrics with OTEL_TRACES_EXPORTER=none', async () => {
    const run = await runApp({ script: APP, nodeArguments: REGISTER, env: env({ OTEL_TRACES_EXPORTER: 'none' }) });
    expect(run.code).toBe(0);
    await receiver.waitFor((current) => current.metrics().some((point) => point.name === 'driftwatch.llm.cost'));
    expect(receiver.spans()).toEqual([]);
    expect(sumOf('driftwatch.llm.cost')).toBeGreaterThan(0);
  });

  it('should fail a floating-model call before sending it with DRIFTWATCH_REQUIRE_PINNED_MODELS=error', async () => {
    const run = await runApp({
      script: APP,
      nodeArguments: REGISTER,
      env: env({ DRIFTWATCH_REQUIRE_PINNED_MODELS: 'error' }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('UnpinnedModelError: model "gpt-4o-mini" is a floating alias');
    expect(llm.requests).toEqual([]);
  });
});
