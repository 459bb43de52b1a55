import { diag, isSpanContextValid, ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { ProcessorInstruments } from '../internal/processor-instruments';
import { readCaptureContent } from '../internal/settings';
import { readEvaluationEvents } from './evaluation-environment';
import { EvaluationRecorder, type EvaluationSubject } from './evaluation-recorder';
import { isEvaluationName } from './evaluator-registry';
import type { RecentSpans, RememberedSpan } from './recent-spans';
import { scoredResult } from './scored-result';
import type { Feedback } from './types';

/** Where feedback goes: a running quality processor's recorder and the spans it remembers. */
export interface FeedbackSink {
  readonly recorder: EvaluationRecorder;
  readonly spans: RecentSpans;
}

/** The running quality processors' sinks, oldest first. */
const sinks: FeedbackSink[] = [];
let fallbackRecorder: EvaluationRecorder | undefined;
let reportedInvalid = false;

export function setFeedbackSink(next: FeedbackSink): void {
  if (!sinks.includes(next)) sinks.push(next);
}

export function clearFeedbackSink(current: FeedbackSink): void {
  const index = sinks.indexOf(current);
  if (index >= 0) sinks.splice(index, 1);
}

/** The sink of the processor that remembers the span the feedback is about, else the most recent one. */
function sinkFor(feedback: Feedback): FeedbackSink | undefined {
  for (let index = sinks.length - 1; index >= 0; index -= 1) {
    const candidate = sinks[index] as FeedbackSink;
    if (feedback.responseId !== undefined && candidate.spans.responseOf(feedback.responseId) !== undefined) {
      return candidate;
    }
    if (feedback.traceId !== undefined && candidate.spans.traceOf(feedback.traceId.toLowerCase()) !== undefined) {
      return candidate;
    }
  }
  return sinks.at(-1);
}

/** Without a quality processor: the global providers, content capture and events from the environment. */
function defaultRecorder(): EvaluationRecorder {
  fallbackRecorder ??= new EvaluationRecorder({
    instruments: new ProcessorInstruments(),
    loggerProvider: undefined,
    captureContent: readCaptureContent(),
    events: readEvaluationEvents(),
  });
  return fallbackRecorder;
}

function subjectOf(remembered: RememberedSpan): EvaluationSubject {
  return {
    context: trace.setSpanContext(ROOT_CONTEXT, remembered.spanContext),
    agentName: remembered.agentName,
    requestModel: remembered.requestModel,
    responseId: remembered.responseId,
  };
}

/** The span the feedback is about: remembered by response id or trace id, else the ids it names. */
function feedbackSubject(feedback: Feedback, spans: RecentSpans | undefined): EvaluationSubject {
  const remembered =
    (feedback.responseId === undefined ? undefined : spans?.responseOf(feedback.responseId)) ??
    (feedback.traceId === undefined ? undefined : spans?.traceOf(feedback.traceId.toLowerCase()));
  if (remembered !== undefined) {
    const subject = subjectOf(remembered);
    return {
      ...subject,
      agentName: subject.agentName ?? feedback.agentName,
      requestModel: subject.requestModel ?? feedback.model,
      responseId: feedback.responseId ?? subject.responseId,
    };
  }
  let context: EvaluationSubject['context'];
  if (feedback.traceId !== undefined && feedback.spanId !== undefined) {
    const spanContext: SpanContext = {
      traceId: feedback.traceId.toLowerCase(),
      spanId: feedback.spanId.toLowerCase(),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    if (isSpanContextValid(spanContext)) context = trace.setSpanContext(ROOT_CONTEXT, spanContext);
  }
  return { context, agentName: feedback.agentName, requestModel: feedback.model, responseId: feedback.responseId };
}

function reportInvalid(message: string): void {
  if (reportedInvalid) return;
  reportedInvalid = true;
  try {
    diag.warn(`@driftwatch/processors: recordFeedback ignored: ${message}`);
  } catch {
    // diag loggers are user code.
  }
}

/**
 * Records a score from a person or a downstream system (a user's thumbs-down, the weekly review of sampled runs)
 * as the evaluators' scores are recorded: a `gen_ai.evaluation.result` event parented to the call (`responseId`)
 * or run (`traceId`) it is about, the score histogram and, for `fail`, the failure counter, by name, agent and
 * model. Spans are found among the most recent ones this process ended (10,000 by default); an older span needs
 * `traceId` and `spanId`. The comment goes on the event only with content capture on. Never throws; invalid
 * feedback (a name outside `[a-z0-9_.-]`, a score outside 0..1) is reported once through `diag` and ignored.
 */
export function recordFeedback(feedback: Feedback): void {
  try {
    if (!isEvaluationName(feedback?.name)) {
      reportInvalid(`the name ${JSON.stringify(feedback?.name)} is not 1 to 64 of a-z, 0-9, "_", "." and "-"`);
      return;
    }
    const result = scoredResult({ score: feedback.score, label: feedback.label, explanation: feedback.comment });
    if (result === undefined) {
      reportInvalid(`the score of "${feedback.name}" is not a number in 0..1`);
      return;
    }
    const current = sinkFor(feedback);
    const recorder = current?.recorder ?? defaultRecorder();
    recorder.record(feedback.name, result, feedbackSubject(feedback, current?.spans));
  } catch (error) {
    try {
      diag.error('@driftwatch/processors: recordFeedback failed; the feedback was not recorded', error);
    } catch {
      // diag loggers are user code.
    }
  }
}
