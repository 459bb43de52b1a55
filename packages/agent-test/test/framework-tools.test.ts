import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteResults } from '@driftwatch/agent-test';
import { startMockLlmServer } from '@driftwatch/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';

/** The CLI on a fixture suite against a fresh mock LLM, telemetry kept in the process; its results file. */
async function runFixture(fixture: string): Promise<SuiteResults> {
  const llm = await startMockLlmServer();
  try {
    const resultsFile = join(mkdtempSync(join(tmpdir(), `agent-test-${fixture}-`)), 'results.json');
    const run = await runCli(['--json', resultsFile], {
      cwd: join(__dirname, 'fixtures', fixture),
      env: {
        OPENAI_BASE_URL: llm.url,
        OPENAI_API_KEY: 'sk-test',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
    expect(run.code, run.output).toBe(results.pass ? 0 : 1);
    return results;
  } finally {
    await llm.close();
  }
}

describe('driftwatch-test on a Vercel AI SDK 7 agent with no Driftwatch code', () => {
  let results: SuiteResults;

  beforeAll(async () => {
    results = await runFixture('weather');
  }, 60_000);

  it('should find the SDK tool at run time and inject the failures through the bridge, classified as real ones', () => {
    const [regression, faults] = results.layers;
    expect(regression?.cases.map((result) => [result.id, result.pass, result.signals.tools])).toEqual([
      ['paris', true, ['get_weather']],
    ]);
    expect(faults?.cases.map((result) => [result.fault, result.signals.toolErrorTypes, result.verdict])).toEqual([
      ['get_weather http_500', ['get_weather 500'], 'confidently_wrong'],
      ['get_weather timeout', ['get_weather timeout'], 'confidently_wrong'],
      ['get_weather rate_limit', ['get_weather rate_limited'], 'confidently_wrong'],
    ]);
  });

  it('should say that a malformed result cannot be injected where the SDK keeps the tool result', () => {
    expect(results.layers[1]?.findings).toEqual([
      {
        id: 'get_weather malformed',
        severity: 'note',
        message:
          "get_weather: its framework keeps the tool's own result (AI SDK 7), so no malformed result was injected",
      },
    ]);
  });
});

describe('driftwatch-test on an OpenAI Agents SDK agent with no Driftwatch code', () => {
  let results: SuiteResults;

  beforeAll(async () => {
    results = await runFixture('agents-sdk');
  }, 60_000);

  it('should find the function tool and inject all four faults through the bridge, the malformed result included', () => {
    const [regression, faults] = results.layers;
    expect(regression?.cases.map((result) => [result.id, result.pass, result.signals.tools])).toEqual([
      ['oslo', true, ['get_weather']],
    ]);
    expect(faults?.cases.map((result) => [result.fault, result.signals.toolErrorTypes, result.output])).toEqual([
      [
        'get_weather http_500',
        ['get_weather 500'],
        'Mock answer from tool result: An error occurred while running the tool',
      ],
      [
        'get_weather timeout',
        ['get_weather timeout'],
        'Mock answer from tool result: An error occurred while running the tool',
      ],
      ['get_weather malformed', [], 'Mock answer from tool result: {"sky":5}'],
      [
        'get_weather rate_limit',
        ['get_weather rate_limited'],
        'Mock answer from tool result: An error occurred while running the tool',
      ],
    ]);
    expect(faults?.cases.every((result) => result.verdict === 'confidently_wrong')).toBe(true);
  });
});

describe('driftwatch-test with faults on the first call only, on an agent that retries', () => {
  it('should see the agent recover from each fault by retrying, the failed first call recorded', async () => {
    const results = await runFixture('retry');
    expect(results.pass).toBe(true);
    const faults = results.layers[1]?.cases ?? [];
    expect(
      faults.map((result) => [result.fault, result.verdict, result.output, result.signals.toolErrorTypes]),
    ).toEqual([
      ['fetch_rate http_500', 'correct', { amount: 11, attempts: 2 }, ['fetch_rate 500']],
      ['fetch_rate timeout', 'correct', { amount: 11, attempts: 2 }, ['fetch_rate timeout']],
      ['fetch_rate malformed', 'correct', { amount: 11, attempts: 2 }, []],
      ['fetch_rate rate_limit', 'correct', { amount: 11, attempts: 2 }, ['fetch_rate rate_limited']],
    ]);
  });
});
