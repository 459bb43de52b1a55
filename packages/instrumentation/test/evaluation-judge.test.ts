import { OpenAIInstrumentation } from '@driftwatch/instrumentation';
import { type EvaluationOptions, type LlmJudgeOptions, llmJudge } from '@driftwatch/processors';
import { type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationPipeline } from './helpers/evaluation-pipeline';

const APP_MODEL = 'gpt-4o-mini';
const JUDGE_MODEL = 'gpt-4o-mini-2024-07-18';
const RUBRIC = 'The answer names the owner of the lead.';

const verdict = (score: number, label: string) => JSON.stringify({ explanation: `graded ${label}`, score, label });

/**
 * The app asks `ask-<case>`; its answer carries `verdict:<case>`, which only the judge's prompt (holding the
 * answer) contains, so the same server scripts the app's answer and the judge's verdict.
 */
const SCENARIO = {
  responses: [
    { match: 'verdict:pass', content: verdict(0.9, 'pass') },
    { match: 'verdict:fail', content: verdict(0.1, 'fail') },
    { match: 'verdict:malformed', content: 'The answer looks fine to me.' },
    { match: 'verdict:out_of_range', content: verdict(7, 'pass') },
    { match: 'ask-pass', content: 'The owner is Jane. verdict:pass' },
    { match: 'ask-fail', content: 'No idea. verdict:fail' },
    { match: 'ask-malformed', content: 'Jane, maybe. verdict:malformed' },
    { match: 'ask-out_of_range', content: 'Jane. verdict:out_of_range' },
  ],
};

describe('the LLM judge against the mock server', () => {
  let server: MockLlmServer;
  let pipeline: EvaluationPipeline | undefined;
  let app: OpenAI;
  const instrumentation = new OpenAIInstrumentation();

  beforeAll(async () => {
    server = await startMockLlmServer({ scenario: SCENARIO });
    if (!instrumentation.patch(OpenAI, VERSION)) throw new Error(`could not patch ${VERSION}`);
    app = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  });
  afterEach(async () => {
    diag.disable();
    server.reset();
    await pipeline?.shutdown();
    pipeline = undefined;
  });
  afterAll(async () => {
    instrumentation.disable();
    await server.close();
  });

  /** A judge client of the same (patched) SDK; `fault` makes the mock answer every judge call with it. */
  function judgeClient(fault?: string): OpenAI {
    const defaultHeaders = fault === undefined ? undefined : { 'x-mock-fault': fault };
    return new OpenAI({ apiKey: 'sk-judge', baseURL: server.url, maxRetries: 0, defaultHeaders });
  }

  function start(judge: Partial<LlmJudgeOptions>, evaluation: EvaluationOptions = {}): EvaluationPipeline {
    const started = new EvaluationPipeline({
      builtins: [],
      captureContent: true,
      judge: { model: JUDGE_MODEL, rubric: RUBRIC, client: judgeClient(), sampleRate: 1, ...judge },
      ...evaluation,
    });
    instrumentation.setTracerProvider(started.tracerProvider);
    instrumentation.setMeterProvider(started.meterProvider);
    pipeline = started;
    return started;
  }

  const ask = (topic: string) =>
    app.chat.completions.create({
      model: APP_MODEL,
      messages: [{ role: 'user', content: `ask-${topic}: who owns L-1?` }],
    });

  /** The requests the judge made: those sent with its structured-output format. */
  const judgeRequests = () =>
    server.requests.filter(
      (request) =>
        (request.body as { response_format?: { json_schema?: { name?: string } } })?.response_format?.json_schema
          ?.name === 'evaluation_verdict',
    );

  it('should grade sampled calls pass and fail, parented to the calls, with its own calls untraced', async () => {
    const judged = start({});
    const passing = await ask('pass');
    const failing = await ask('fail');
    expect(passing.choices[0]?.message.content).toBe('The owner is Jane. verdict:pass');
    expect(failing.choices[0]?.message.content).toBe('No idea. verdict:fail');
    const events = await judged.evaluations('llm_judge');
    const spans = judged.spans();
    expect(spans.map((span) => span.name)).toEqual([`chat ${APP_MODEL}`, `chat ${APP_MODEL}`]);
    expect(events).toEqual([
      {
        name: 'llm_judge',
        score: 0.9,
        label: 'pass',
        explanation: 'graded pass',
        errorType: undefined,
        traceId: spans[0]?.spanContext().traceId,
        spanId: spans[0]?.spanContext().spanId,
      },
      {
        name: 'llm_judge',
        score: 0.1,
        label: 'fail',
        explanation: 'graded fail',
        errorType: undefined,
        traceId: spans[1]?.spanContext().traceId,
        spanId: spans[1]?.spanContext().spanId,
      },
    ]);
    const [request] = judgeRequests();
    expect(request?.body).toMatchObject({
      model: JUDGE_MODEL,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { strict: true } },
    });
    const prompt = JSON.stringify(request?.body);
    expect(prompt).toContain(RUBRIC);
    expect(prompt).toContain('ask-pass: who owns L-1?');
    expect(prompt).toContain('The owner is Jane. verdict:pass');
    expect(await judged.dropped('llm_judge', 'judge_error')).toBe(0);
  });

  it('should judge exactly the sampled share, within the per-minute budget', async () => {
    let draw = 0;
    // 0.25, 0.75, 0.25, …: every other call falls under a 0.5 rate.
    const judged = start(
      { sampleRate: 0.5, budgetPerMinute: 3 },
      { random: () => (draw++ % 2 === 0 ? 0.25 : 0.75), now: () => 0 },
    );
    for (let call = 0; call < 10; call += 1) await ask('pass');
    await judged.flush();
    expect(judgeRequests()).toHaveLength(3);
    expect(await judged.evaluations('llm_judge')).toHaveLength(3);
    expect(await judged.dropped('llm_judge', 'budget')).toBe(2);
  });

  it('should count a malformed verdict, a verdict outside the schema, a 429 and a hang, never blocking the app', async () => {
    const messages = captureWarnings();
    const judged = start({});
    await ask('malformed');
    await ask('out_of_range');
    expect(await judged.dropped('llm_judge', 'malformed_judge_output')).toBe(2);
    await judged.shutdown();

    const limited = start({ client: judgeClient('rate_limit') });
    const answer = await ask('pass');
    expect(answer.choices[0]?.message.content).toBe('The owner is Jane. verdict:pass');
    expect(await limited.dropped('llm_judge', 'judge_error')).toBe(1);
    expect((await limited.evaluations('llm_judge')).map((event) => event.errorType)).toEqual(['429']);
    await limited.shutdown();

    const hanging = start({ client: judgeClient('hang'), timeoutMillis: 200, concurrency: 1, maxQueueSize: 1 });
    const started = performance.now();
    for (let call = 0; call < 3; call += 1) await ask('pass');
    expect(performance.now() - started).toBeLessThan(150);
    expect(await hanging.dropped('llm_judge', 'queue_full')).toBe(1);
    expect(await hanging.dropped('llm_judge', 'timeout')).toBe(2);
    expect((await hanging.evaluations('llm_judge')).map((event) => event.errorType)).toEqual(['timeout', 'timeout']);
    expect(messages).toEqual([
      expect.stringMatching(
        /^@driftwatch\/processors: evaluator "llm_judge" failed \(malformed_judge_output\): the judge answer is not JSON/,
      ),
      expect.stringMatching(
        /^@driftwatch\/processors: evaluator "llm_judge" failed \(judge_error\): the judge call failed: 429/,
      ),
      '@driftwatch/processors: evaluator "llm_judge" has a full queue; evaluations are dropped',
      '@driftwatch/processors: evaluator "llm_judge" timed out; its score is dropped',
    ]);
  });

  it('should refuse a floating judge model, saying why, and never call it', async () => {
    const messages = captureWarnings();
    const refused = llmJudge({ model: 'gpt-4o-mini', rubric: RUBRIC, client: judgeClient() });
    expect(refused.targets).toEqual([]);
    expect(messages).toEqual([
      '@driftwatch/processors: LLM judge not started: the judge model "gpt-4o-mini" is a floating alias: scores would move when the provider moves it. Name a dated checkpoint (for example gpt-4o-mini-2024-07-18)',
    ]);
    const judged = start({ model: 'gpt-4o-mini' });
    await ask('pass');
    await judged.flush();
    expect(judgeRequests()).toEqual([]);
  });
});

/** `diag` warnings and errors, as the one-line messages the processors log. */
function captureWarnings(): string[] {
  const messages: string[] = [];
  const record = (message: string) => messages.push(message);
  diag.setLogger(
    { error: record, warn: record, info: () => {}, debug: () => {}, verbose: () => {} },
    DiagLogLevel.WARN,
  );
  return messages;
}
