import { join } from 'node:path';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApp } from './helpers/run-app';

describe('head sampling under register', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    llm = await startMockLlmServer();
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await llm.close();
  });

  it('should export no dropped trace, yet keep the processors’ metrics exact', async () => {
    const run = await runApp({
      script: join(__dirname, 'fixtures', 'app-burst.mjs'),
      nodeArguments: ['--import', '@driftwatch/instrumentation/register'],
      env: {
        OPENAI_BASE_URL: llm.url,
        OPENAI_API_KEY: 'sk-test',
        BURST_CALLS: '5',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_TRACES_SAMPLER: 'always_off',
      },
    });
    expect(run.code).toBe(0);
    await receiver.waitFor((current) => current.metrics().some((point) => point.name === 'driftwatch.llm.cost'));
    expect(receiver.spans()).toEqual([]);
    const cost = receiver.metrics().filter((point) => point.name === 'driftwatch.llm.cost');
    const total = cost.reduce((sum, point) => sum + (point.value ?? 0), 0);
    // gpt-4o-mini at $0.15 / $0.60 per 1M tokens: the same cost the mock's usage gives, although no span was sampled.
    const { inputTokens, outputTokens } = llm.stats().totals;
    expect(total).toBeCloseTo((inputTokens * 0.15 + outputTokens * 0.6) / 1_000_000, 9);
    const calls = receiver.metrics().filter((point) => point.name === 'gen_ai.client.operation.duration');
    expect(calls.reduce((sum, point) => sum + (point.count ?? 0), 0)).toBe(5);
  });
});
