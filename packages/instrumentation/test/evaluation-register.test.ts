import { join } from 'node:path';
import {
  type MockLlmServer,
  type OtlpReceiver,
  type ReceivedLogRecord,
  startMockLlmServer,
  startOtlpReceiver,
} from '@driftwatch/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runApp } from './helpers/run-app';

const APP = join(__dirname, 'fixtures', 'evaluation-app.mjs');
const REGISTER = ['--import', '@driftwatch/instrumentation/register'];
const PROMPT = 'Who is the owner of lead L-1? (prompt-marker-7f3a)';
const ANSWER = 'The owner is Jane Roe, jane.roe@acme.com. verdict:pass';
const VERDICT = JSON.stringify({ explanation: 'names the owner', score: 0.9, label: 'pass' });

describe('evaluation under the one-line register, in a real child process', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;

  const env = (extra: Record<string, string> = {}) => ({
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-test',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'lead-agent',
    APP_PROMPT: PROMPT,
    // A cold process on a loaded CI machine can take more than the default 10 ms on its first span, and the scores
    // would then arrive as events only: this test is about where scores go, not about the budget.
    DRIFTWATCH_EVALUATION_SYNC_BUDGET_MS: '2000',
    ...extra,
  });

  const evaluationEvents = (): ReceivedLogRecord[] =>
    receiver.logs().filter((record) => record.eventName === 'gen_ai.evaluation.result');

  const scoresByName = () =>
    Object.fromEntries(
      evaluationEvents().map((record) => [
        record.attributes['gen_ai.evaluation.name'],
        record.attributes['gen_ai.evaluation.score.value'],
      ]),
    );

  async function run(extra: Record<string, string> = {}) {
    const result = await runApp({ script: APP, nodeArguments: REGISTER, env: env(extra) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await receiver.waitFor((current) => current.spans().length >= 2);
    await receiver.waitFor((current) =>
      current.logs().some((record) => record.attributes['gen_ai.evaluation.name'] === 'user_feedback'),
    );
    await receiver.waitFor((current) =>
      current.metrics().some((point) => point.name === 'driftwatch.evaluation.score'),
    );
    return JSON.parse(result.stdout) as { id: string };
  }

  beforeAll(async () => {
    llm = await startMockLlmServer({
      scenario: {
        responses: [
          { match: 'verdict:pass', content: VERDICT },
          { match: 'owner of lead', content: ANSWER },
        ],
      },
    });
    receiver = await startOtlpReceiver();
  });
  beforeEach(() => {
    receiver.reset();
    llm.reset();
  });
  afterAll(async () => {
    await receiver.close();
    await llm.close();
  });

  it('should export scores on the span, events parented to it, metrics, and no content at all', async () => {
    const { id } = await run();
    const chat = receiver.spans().find((span) => span.name === 'chat gpt-4o-mini');
    expect(chat?.attributes).toMatchObject({
      'driftwatch.evaluation.completeness.score': 1,
      'driftwatch.evaluation.pii_leakage.score': 0,
      'driftwatch.evaluation.prompt_injection.score': 1,
      'driftwatch.evaluation.answer_length.score': 1,
    });
    const events = evaluationEvents();
    expect(events.map((record) => record.attributes['gen_ai.evaluation.name']).sort()).toEqual([
      'answer_length',
      'completeness',
      'pii_leakage',
      'prompt_injection',
      'refusal',
      'secret_leakage',
      'user_feedback',
    ]);
    for (const record of events) {
      expect({ traceId: record.traceId, spanId: record.spanId }).toEqual({
        traceId: chat?.traceId,
        spanId: chat?.spanId,
      });
      expect(record.attributes['gen_ai.evaluation.explanation']).toBeUndefined();
    }
    expect(
      events.find((record) => record.attributes['gen_ai.evaluation.name'] === 'user_feedback')?.attributes,
    ).toEqual({
      'gen_ai.evaluation.name': 'user_feedback',
      'gen_ai.evaluation.score.value': 0,
      'gen_ai.evaluation.score.label': 'fail',
      'gen_ai.response.id': id,
    });
    const failures = receiver.metrics().filter((point) => point.name === 'driftwatch.evaluation.failures');
    expect(failures.map((point) => [point.attributes['gen_ai.evaluation.name'], point.value]).sort()).toEqual([
      ['pii_leakage', 1],
      ['user_feedback', 1],
    ]);
    const pii = receiver
      .metrics()
      .find(
        (point) =>
          point.name === 'driftwatch.evaluation.score' && point.attributes['gen_ai.evaluation.name'] === 'pii_leakage',
      );
    expect(pii?.attributes).toEqual({
      'gen_ai.evaluation.name': 'pii_leakage',
      'gen_ai.agent.name': 'lead-qualifier',
      'gen_ai.request.model': 'gpt-4o-mini',
    });
    expect(pii?.count).toBe(1);
    const exported = JSON.stringify({ spans: receiver.spans(), logs: receiver.logs(), metrics: receiver.metrics() });
    for (const content of ['prompt-marker-7f3a', 'owner of lead', 'Jane Roe', 'jane.roe@acme.com', 'wrong owner']) {
      expect(exported).not.toContain(content);
    }
  });

  it('should put explanations on the events only with content capture on', async () => {
    await run({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    const explanations = Object.fromEntries(
      evaluationEvents().map((record) => [
        record.attributes['gen_ai.evaluation.name'],
        record.attributes['gen_ai.evaluation.explanation'],
      ]),
    );
    expect(explanations.pii_leakage).toBe('personal data in the output: 1 email address');
    expect(explanations.user_feedback).toBe('the wrong owner, says the user');
  });

  it('should turn the built-ins off with DRIFTWATCH_EVALUATORS=none, and keep your evaluators and feedback', async () => {
    await run({ DRIFTWATCH_EVALUATORS: 'none' });
    expect(scoresByName()).toEqual({ answer_length: 1, user_feedback: 0 });
  });

  it('should run the judge configured by DRIFTWATCH_JUDGE_* and deliver its verdict before the process exits', async () => {
    // A slow judge, still answering when the app flushes and exits.
    const judge = await startMockLlmServer({ latencyMs: 300, scenario: { responses: [{ content: VERDICT }] } });
    await run({
      APP_EXIT: 'explicit',
      DRIFTWATCH_EVALUATORS: 'none',
      DRIFTWATCH_JUDGE_MODEL: 'gpt-4o-mini-2024-07-18',
      DRIFTWATCH_JUDGE_RUBRIC: 'The answer names the owner.',
      DRIFTWATCH_JUDGE_SAMPLE_RATE: '1',
      DRIFTWATCH_JUDGE_BASE_URL: judge.url,
    }).finally(() => judge.close());
    await receiver.waitFor((current) =>
      current.logs().some((record) => record.attributes['gen_ai.evaluation.name'] === 'llm_judge'),
    );
    expect(scoresByName()).toEqual({ answer_length: 1, user_feedback: 0, llm_judge: 0.9 });
    // The judge's own call is not app traffic: the app's run and call only.
    expect(
      receiver
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['chat gpt-4o-mini', 'invoke_agent lead-qualifier']);
    expect(llm.requests).toHaveLength(1);
    expect(judge.requests).toHaveLength(1);
  });
});
