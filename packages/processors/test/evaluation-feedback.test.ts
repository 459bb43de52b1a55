import { type Evaluator, recordFeedback } from '@driftwatch/processors';
import { setRedactionHook } from '@driftwatch/processors/internal';
import { diag, logs, metrics } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvaluationHarness } from './helpers/evaluation-harness';
import { captureDiag, ProcessorHarness } from './helpers/processor-harness';

const AGENT = { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-bot' };
const MODEL = 'gpt-4o-mini-2024-07-18';

describe('recordFeedback', () => {
  let harness: EvaluationHarness;
  let messages: string[];
  beforeEach(() => {
    messages = captureDiag();
  });
  afterEach(async () => {
    diag.disable();
    await harness?.shutdown();
  });

  it('should land a thumbs-down on the call it names by response id, as event and metrics', async () => {
    harness = new EvaluationHarness({ builtins: [] });
    const run = harness.start('invoke_agent support-bot', AGENT);
    const call = harness.chat('Price?', '$40', { 'gen_ai.response.id': 'chatcmpl-42' }, run);
    run.end();
    recordFeedback({ responseId: 'chatcmpl-42', name: 'user_feedback', score: 0, comment: 'wrong price' });
    expect(await harness.events()).toEqual([
      {
        name: 'user_feedback',
        score: 0,
        label: 'fail',
        explanation: 'wrong price',
        errorType: undefined,
        responseId: 'chatcmpl-42',
        traceId: call.spanContext().traceId,
        spanId: call.spanContext().spanId,
      },
    ]);
    const labels = {
      'gen_ai.evaluation.name': 'user_feedback',
      'gen_ai.agent.name': 'support-bot',
      'gen_ai.request.model': MODEL,
    };
    expect(await harness.scores()).toEqual([{ attributes: labels, count: 1, sum: 0 }]);
    expect(await harness.points('driftwatch.evaluation.failures')).toEqual([{ attributes: labels, value: 1 }]);
  });

  it('should land a review of a trace on its outermost run, or on its first call when it has no run', async () => {
    harness = new EvaluationHarness({ builtins: [] });
    const outer = harness.start('invoke_agent support-bot', AGENT);
    const inner = harness.start('invoke_agent triage', { ...AGENT, 'gen_ai.agent.name': 'triage' }, outer);
    harness.chat('Route', 'billing', {}, inner);
    inner.end();
    outer.end();
    const first = harness.chat('Hi', 'Hello');
    harness.chat('Again', 'Hello again', {}, undefined);
    recordFeedback({ traceId: outer.spanContext().traceId.toUpperCase(), name: 'weekly_review', score: 0.8 });
    recordFeedback({ traceId: first.spanContext().traceId, name: 'weekly_review', score: 0.2, label: 'wrong' });
    const events = await harness.events();
    expect(events.map((event) => [event.spanId, event.score, event.label])).toEqual([
      [outer.spanContext().spanId, 0.8, 'pass'],
      [first.spanContext().spanId, 0.2, 'wrong'],
    ]);
    const scores = await harness.scores();
    expect(scores.map((point) => point.attributes)).toEqual([
      { 'gen_ai.evaluation.name': 'weekly_review', 'gen_ai.agent.name': 'support-bot' },
      { 'gen_ai.evaluation.name': 'weekly_review', 'gen_ai.request.model': MODEL },
    ]);
    expect(await harness.points('driftwatch.evaluation.failures')).toEqual([]);
  });

  it('should reach the processor that remembers the span, whichever started last, and the older one after shutdown', async () => {
    harness = new EvaluationHarness({ builtins: [] });
    const call = harness.chat('Price?', '$40', { 'gen_ai.response.id': 'chatcmpl-first' });
    const later = new EvaluationHarness({ builtins: [] });
    try {
      recordFeedback({ responseId: 'chatcmpl-first', name: 'user_feedback', score: 0 });
      expect((await harness.events()).map((event) => event.spanId)).toEqual([call.spanContext().spanId]);
      expect(await later.events()).toEqual([]);
    } finally {
      await later.shutdown();
    }
    recordFeedback({ responseId: 'chatcmpl-unknown', name: 'user_feedback', score: 1 });
    expect((await harness.events()).map((event) => event.score)).toEqual([0, 1]);
  });

  it('should use the ids and labels it is given for spans it no longer remembers', async () => {
    harness = new EvaluationHarness({ builtins: [], maxRememberedSpans: 1 });
    harness.chat('Hi', 'Hello', { 'gen_ai.response.id': 'resp_old' });
    harness.chat('Hi', 'Hello', { 'gen_ai.response.id': 'resp_new' });
    const traceId = 'a'.repeat(32);
    const spanId = 'b'.repeat(16);
    recordFeedback({ traceId, spanId, name: 'weekly_review', score: 1, agentName: 'support-bot', model: 'gpt-4o' });
    recordFeedback({ responseId: 'resp_old', name: 'user_feedback', score: 1 });
    recordFeedback({ traceId: 'c'.repeat(32), name: 'user_feedback', score: 1 });
    const events = await harness.events();
    expect(events.map((event) => [event.traceId, event.spanId, event.responseId])).toEqual([
      [traceId, spanId, undefined],
      [undefined, undefined, 'resp_old'],
      [undefined, undefined, undefined],
    ]);
    expect((await harness.scores())[0]?.attributes).toEqual({
      'gen_ai.evaluation.name': 'weekly_review',
      'gen_ai.agent.name': 'support-bot',
      'gen_ai.request.model': 'gpt-4o',
    });
  });

  it('should keep the comment off the event unless content capture is on', async () => {
    harness = new EvaluationHarness({ builtins: [], captureContent: false });
    harness.chat('Hi', 'Hello', { 'gen_ai.response.id': 'resp_1' });
    recordFeedback({ responseId: 'resp_1', name: 'user_feedback', score: 0, comment: 'my card 4111 1111 1111 1111' });
    expect((await harness.events())[0]?.explanation).toBeUndefined();
  });

  it('should redact secrets in comments and evaluators’ explanations, then the user hook, whatever recorder runs', async () => {
    setRedactionHook((text) => text.replace(/CUST-\d{6}/g, '[CUSTOMER]'));
    try {
      const quoting: Evaluator = {
        name: 'quoting_check',
        evaluate: () => ({ score: 0, label: 'fail', explanation: 'saw sk-ant-api03-EXPLAINEDsecretabcdefghijklmnop' }),
      };
      harness = new EvaluationHarness({ builtins: [], evaluators: [quoting] });
      harness.chat('Hi', 'Hello', { 'gen_ai.response.id': 'resp_2' });
      recordFeedback({
        responseId: 'resp_2',
        name: 'user_feedback',
        score: 0,
        comment: 'CUST-123456 saw https://hooks.slack.com/services/T0/B0/XYZsecret and password=abc12',
      });
      const explanations = Object.fromEntries((await harness.events()).map((event) => [event.name, event.explanation]));
      expect(explanations).toEqual({
        quoting_check: 'saw [REDACTED]',
        user_feedback: '[CUSTOMER] saw https://hooks.slack.com/services/[REDACTED] and password=[REDACTED]',
      });
    } finally {
      setRedactionHook(undefined);
    }
  });

  it('should ignore invalid feedback, say so once, and never throw', async () => {
    harness = new EvaluationHarness({ builtins: [] });
    expect(() => {
      recordFeedback({ name: 'Thumbs Down', score: 0 });
      recordFeedback({ name: 'user_feedback', score: 1.5 });
      recordFeedback({ name: 'user_feedback', score: Number.NaN });
      recordFeedback(null as never);
    }).not.toThrow();
    expect(await harness.events()).toEqual([]);
    expect(messages).toEqual([
      '@driftwatch/processors: recordFeedback ignored: the name "Thumbs Down" is not 1 to 64 of a-z, 0-9, "_", "." and "-"',
    ]);
  });

  it('should record through the global providers when no quality processor runs', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const reading = new ProcessorHarness({ evaluation: false });
    logs.setGlobalLoggerProvider(loggerProvider);
    metrics.setGlobalMeterProvider(reading.meterProvider);
    try {
      recordFeedback({ traceId: 'd'.repeat(32), spanId: 'e'.repeat(16), name: 'user_feedback', score: 0 });
      await loggerProvider.forceFlush();
      expect(exporter.getFinishedLogRecords().map((record) => record.spanContext?.spanId)).toEqual(['e'.repeat(16)]);
      expect((await reading.histogram('driftwatch.evaluation.score')).map((point) => point.count)).toEqual([1]);
    } finally {
      logs.disable();
      metrics.disable();
      await reading.shutdown();
      await loggerProvider.shutdown();
    }
  });
});
