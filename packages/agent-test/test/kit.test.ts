import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteResults } from '@driftwatch/agent-test';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';

const FIXTURE = join(__dirname, 'fixtures', 'orders');

describe('driftwatch-test on a small agent (YAML suite, JSONL cases, every layer)', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;
  let results: SuiteResults;
  let junit: string;
  let run: { code: number | null; output: string };

  const layer = (name: string) => {
    const found = results.layers.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no layer ${name}`);
    return found;
  };
  const caseOf = (layerName: string, id: string) => layer(layerName).cases.find((result) => result.id === id);

  beforeAll(async () => {
    llm = await startMockLlmServer({
      scenario: { responses: [{ match: 'Rubric:', content: '{"score":0.8,"reason":"says where the order is"}' }] },
    });
    receiver = await startOtlpReceiver();
    const directory = mkdtempSync(join(tmpdir(), 'agent-test-'));
    const resultsFile = join(directory, 'results.json');
    const junitFile = join(directory, 'junit.xml');
    run = await runCli(['agent-test.suite.yaml', '--json', resultsFile, '--junit', junitFile], {
      cwd: FIXTURE,
      env: {
        OPENAI_BASE_URL: llm.url,
        OPENAI_API_KEY: 'sk-test',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'orders-agent',
      },
    });
    results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    junit = readFileSync(junitFile, 'utf8');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([llm?.close(), receiver?.close()]);
  });

  it('should fail (exit 1) naming the failing case, and pass the cases that hold', () => {
    expect(run.code).toBe(1);
    expect(run.output).toContain('regression: wrong-expectation (confidently_wrong)');
    expect(layer('regression').cases.map((result) => [result.id, result.pass])).toEqual([
      ['shipped', true],
      ['pending', true],
      ['same-customer', true],
      ['wrong-expectation', false],
    ]);
    const failed = caseOf('regression', 'wrong-expectation')?.checks.filter((check) => !check.pass);
    expect(failed).toEqual([
      { name: 'expected', pass: false, message: '$.order: expected "delivered", got "shipped"' },
    ]);
  });

  it('should run every kind of check: expected, contains, regex, JSON Schema, judge and run signals', () => {
    const shipped = caseOf('regression', 'shipped');
    expect(shipped?.checks.map((check) => [check.name, check.pass])).toEqual([
      ['expected', true],
      ['contains answer', true],
      ['regex answer', true],
      ['answer is text', true],
      ['signal outcome', true],
      ['signal tool_errors', true],
      ['signal tools', true],
      ['signal evaluation.completeness', true],
      ['signal cost_usd', true],
    ]);
    const judged = caseOf('regression', 'pending')?.checks.find((check) => check.name === 'judge');
    expect(judged).toMatchObject({ pass: true, score: 0.8 });
    expect(
      llm.requests.some((request) => JSON.stringify(request.body).includes('The answer says where the order is')),
    ).toBe(true);
  });

  it('should read the run signals from the spans: outcome, tools, steps, tokens, cost, fill, models, scores', () => {
    const signals = caseOf('regression', 'shipped')?.signals;
    expect(signals).toMatchObject({
      outcome: 'success',
      escalated: false,
      llmCalls: 2,
      toolCalls: 2,
      toolErrors: 0,
      steps: 4,
      tools: ['get_order', 'set_status'],
      models: ['gpt-4o-mini-2024-07-18'],
    });
    const requests = llm.requests.filter((request) => request.path.endsWith('/chat/completions'));
    expect(signals?.inputTokens).toBeGreaterThan(0);
    expect(signals?.costUsd).toBeGreaterThan(0);
    expect(signals?.contextFill).toBeCloseTo((signals?.maxInputTokens ?? 0) / 128_000, 6);
    expect(signals?.evaluations.completeness).toBe(1);
    expect(requests.length).toBeGreaterThan(0);
  });

  it('should inject the four faults into every tool it found, classified by Driftwatch like real failures', () => {
    const faults = layer('tool_faults').cases;
    expect(faults.map((result) => result.id)).toEqual(
      ['get_order', 'set_status'].flatMap((tool) =>
        ['http_500', 'timeout', 'malformed', 'rate_limit'].map((mode) => `shipped ${tool} ${mode}`),
      ),
    );
    const types = Object.fromEntries(faults.map((result) => [result.fault, result.signals.toolErrorTypes]));
    expect(types).toEqual({
      'get_order http_500': ['get_order 500'],
      'get_order timeout': ['get_order timeout'],
      'get_order malformed': [],
      'get_order rate_limit': ['get_order rate_limited'],
      'set_status http_500': ['set_status 500'],
      'set_status timeout': ['set_status timeout'],
      'set_status malformed': [],
      'set_status rate_limit': ['set_status rate_limited'],
    });
    // The agent lets tool errors through: a crash fails by default; a mangled order makes it confidently wrong.
    const verdicts = Object.fromEntries(faults.map((result) => [result.fault, [result.verdict, result.pass]]));
    expect(verdicts['get_order http_500']).toEqual(['failed_loudly', false]);
    expect(verdicts['get_order malformed']).toEqual(['confidently_wrong', false]);
    expect(verdicts['set_status malformed']).toEqual(['correct', true]);
    expect(layer('tool_faults').pass).toBe(false);
  });

  it('should pad the context to the target share of the window from the model table', () => {
    const [padded] = layer('context').cases;
    expect(padded?.id).toBe('shipped fill 0.5');
    expect(padded?.signals.contextFill).toBeGreaterThanOrEqual(0.49);
    expect(padded?.signals.contextFill).toBeLessThanOrEqual(0.51);
  });

  it('should run 10 concurrent runs and report two runs writing one customer with different values', () => {
    const concurrency = layer('concurrency');
    expect(concurrency.cases).toHaveLength(10);
    expect(concurrency.findings.filter((finding) => finding.severity === 'fail').map((finding) => finding.id)).toEqual([
      'conflict set_status c-1',
    ]);
  });

  it('should write JUnit XML with one test suite per layer', () => {
    const suites = [...junit.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((match) =>
      match.slice(1),
    );
    expect(suites.map(([name]) => name)).toEqual([
      'regression',
      'adversarial',
      'tool_faults',
      'context',
      'concurrency',
    ]);
    expect(suites[0]).toEqual(['regression', '4', '1']);
    expect(junit).toContain('name="wrong-expectation"');
    expect(junit).toContain('<failure message="confidently_wrong"');
  });

  it('should export every run as traces and metrics tagged with the test run id', async () => {
    await receiver.waitFor((current) => current.metrics().length > 0 && current.spans().length > 0);
    const spans = receiver.spans();
    expect(new Set(spans.map((span) => span.resource['driftwatch.test.run.id']))).toEqual(new Set([results.runId]));
    expect(spans[0]?.resource['service.name']).toBe('orders-agent');
    const caseSpan = spans.find((span) => span.name === 'agent_test tool_faults shipped get_order timeout');
    expect(caseSpan?.attributes).toMatchObject({
      'driftwatch.test.layer': 'tool_faults',
      'driftwatch.test.case': 'shipped get_order timeout',
      'driftwatch.test.fault': 'get_order timeout',
      'driftwatch.test.verdict': 'failed_loudly',
      'driftwatch.test.passed': false,
    });
    const faulted = spans.find((span) => span.traceId === caseSpan?.traceId && span.name === 'execute_tool get_order');
    expect(faulted?.attributes).toMatchObject({ 'error.type': 'timeout', 'driftwatch.test.fault': 'timeout' });
    const runs = receiver.metrics().filter((point) => point.name === 'driftwatch.agent.executions');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((point) => point.resource['driftwatch.test.run.id'] === results.runId)).toBe(true);
  });
});
