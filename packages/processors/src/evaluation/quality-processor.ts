import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RESPONSE_ID,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import {
  type Attributes,
  type Context,
  diag,
  type LoggerProvider,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { isInferenceOperation, requestModelOf } from '../genai-span';
import { OncePerKey, ProcessorGuard } from '../internal/processor-guard';
import type { ProcessorInstruments } from '../internal/processor-instruments';
import type { AgentNameLookup } from '../runs/agent-run-processor';
import { type ContentConsumer, type ContentRecord, contentChannel } from './content-channel';
import {
  DROP_REASON_BUDGET,
  DROP_REASON_EVALUATOR_ERROR,
  DROP_REASON_QUEUE_FULL,
  DROP_REASON_TIMEOUT,
  EvaluationError,
} from './evaluation-error';
import { SpanEvaluationInput } from './evaluation-input';
import { EvaluationQueue } from './evaluation-queue';
import { EvaluationRecorder, type EvaluationSubject, type ScoredResult } from './evaluation-recorder';
import { EvaluationSampler } from './evaluation-sampler';
import { type EvaluatorEntry, evaluatorEntry, evaluatorRegistry, inScope } from './evaluator-registry';
import { clearFeedbackSink, type FeedbackSink, setFeedbackSink } from './feedback';
import { RecentSpans, type RememberedSpan } from './recent-spans';
import { RunContents } from './run-contents';
import { scoredResult } from './scored-result';
import type { EvaluationEvents, EvaluationOutcome, EvaluationTarget, Evaluator } from './types';

export interface QualityProcessorOptions {
  readonly instruments: ProcessorInstruments;
  /** The run processor of the same chain: agent names, and the runs a call belongs to. */
  readonly agentNames: AgentNameLookup | undefined;
  readonly slowThresholdMillis: number;
  /** This processor's own evaluators (built-ins, judge, options); those of `registerEvaluator` come on top. */
  readonly evaluators: readonly Evaluator[];
  readonly captureContent: boolean;
  readonly events: EvaluationEvents;
  readonly syncBudgetMillis: number;
  readonly timeoutMillis: number;
  readonly concurrency: number;
  readonly maxQueueSize: number;
  readonly maxRememberedSpans: number;
  readonly loggerProvider: LoggerProvider | undefined;
  readonly random: () => number;
  readonly now: () => number;
}

/** An async evaluator's queue and sampler. */
interface Lane {
  readonly queue: EvaluationQueue;
  readonly sampler: EvaluationSampler | undefined;
}

type Plans = Readonly<Record<EvaluationTarget, readonly EvaluatorEntry[]>>;

/** Runs tracked at most for evaluators of runs (references to their first and last calls). */
const MAX_TRACKED_RUNS = 1000;
/** The signal of sync evaluations: they cannot be cut short. */
const NEVER_ABORTED = new AbortController().signal;

function targetOf(operation: unknown): EvaluationTarget | undefined {
  if (isInferenceOperation(operation)) return 'llm';
  if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) return 'agent';
  if (operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) return 'tool';
  return undefined;
}

function stringAttribute(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isPromiseLike(value: unknown): value is PromiseLike<EvaluationOutcome> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function errorTypeOf(error: unknown): string {
  return error instanceof Error && error.name !== '' ? error.name : '_OTHER';
}

/**
 * Scores LLM calls, agent runs and tool calls as their spans end. Sync evaluators run in `onEnding` within a time
 * budget, their scores set as `driftwatch.evaluation.<name>.score`; async ones (and sync ones past the budget)
 * run after the span ended, each in a bounded queue of its own with a concurrency limit and a timeout, sampled
 * and budgeted when they ask for it. Every result becomes a `gen_ai.evaluation.result` event parented to the span,
 * a score in `driftwatch.evaluation.score` and, for `fail`, a count in `driftwatch.evaluation.failures`; anything
 * that kept an evaluation from producing a score is counted in `driftwatch.evaluation.dropped` and logged once.
 * Content comes from the instrumentations through the in-memory {@link contentChannel}. Spans that are not GenAI
 * return at the first attribute read.
 */
export class QualityProcessor implements SpanProcessor, ContentConsumer {
  private readonly options: QualityProcessorOptions;
  private readonly guard: ProcessorGuard;
  private readonly recorder: EvaluationRecorder;
  private readonly spans: RecentSpans;
  private readonly runContents = new RunContents(MAX_TRACKED_RUNS);
  private readonly local: EvaluatorEntry[];
  private readonly lanes = new Map<EvaluatorEntry, Lane>();
  private readonly retiring = new Set<EvaluationQueue>();
  private readonly reported = new OncePerKey();
  private readonly feedbackSink: FeedbackSink;
  private readonly releaseChannel: () => void;
  private plans: Plans = { llm: [], agent: [], tool: [] };
  private plansVersion = -1;
  private closed = false;

  constructor(options: QualityProcessorOptions) {
    this.options = options;
    this.guard = new ProcessorGuard({
      component: 'processor.quality',
      instruments: options.instruments,
      slowThresholdMillis: options.slowThresholdMillis,
    });
    this.recorder = new EvaluationRecorder({
      instruments: options.instruments,
      loggerProvider: options.loggerProvider,
      captureContent: options.captureContent,
      events: options.events,
    });
    this.spans = new RecentSpans(options.maxRememberedSpans);
    this.local = options.evaluators.map(evaluatorEntry).filter((entry) => entry !== undefined);
    this.feedbackSink = { recorder: this.recorder, spans: this.spans };
    setFeedbackSink(this.feedbackSink);
    this.releaseChannel = contentChannel.addConsumer(this);
  }

  /** True while some evaluator can run: only then do the instrumentations hand content over. */
  wantsContent(): boolean {
    if (this.closed) return false;
    const plans = this.currentPlans();
    return plans.llm.length > 0 || plans.agent.length > 0 || plans.tool.length > 0;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] === undefined) return;
    this.guard.run(this.evaluateSpan, this, span);
  }

  onEnd(_span: ReadableSpan): void {}

  /** Waits for every queued and running evaluation (each bounded by its timeout). */
  async forceFlush(): Promise<void> {
    const queues = [...[...this.lanes.values()].map((lane) => lane.queue), ...this.retiring];
    await Promise.all(queues.map((queue) => queue.whenIdle()));
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    for (const lane of this.lanes.values()) lane.queue.close();
    this.releaseChannel();
    clearFeedbackSink(this.feedbackSink);
  }

  /** The evaluators by target, rebuilt when `registerEvaluator` changed the registry. */
  private currentPlans(): Plans {
    if (this.plansVersion === evaluatorRegistry.version) return this.plans;
    this.plansVersion = evaluatorRegistry.version;
    const byName = new Map<string, EvaluatorEntry>();
    for (const entry of [...this.local, ...evaluatorRegistry.list()]) {
      byName.delete(entry.name);
      byName.set(entry.name, entry);
    }
    const entries = [...byName.values()];
    this.plans = {
      llm: entries.filter((entry) => entry.targets.has('llm')),
      agent: entries.filter((entry) => entry.targets.has('agent')),
      tool: entries.filter((entry) => entry.targets.has('tool')),
    };
    for (const [entry, lane] of this.lanes) {
      if (byName.get(entry.name) === entry) continue;
      this.lanes.delete(entry);
      this.retire(lane.queue);
    }
    return this.plans;
  }

  private retire(queue: EvaluationQueue): void {
    queue.close();
    this.retiring.add(queue);
    void queue.whenIdle().then(() => this.retiring.delete(queue));
  }

  private evaluateSpan(span: Span): void {
    const { attributes } = span;
    const target = targetOf(attributes[ATTR_GEN_AI_OPERATION_NAME]);
    if (target === undefined) return;
    const record = contentChannel.take(span);
    const plans = this.currentPlans();
    const spanContext = span.spanContext();
    const agentName =
      target === 'agent'
        ? stringAttribute(attributes, ATTR_GEN_AI_AGENT_NAME)
        : this.options.agentNames?.agentNameFor(span);
    const runCalls = this.track(span, { target, record, plans, spanContext, agentName });
    const plan = plans[target];
    if (plan.length === 0) return;
    const input = new SpanEvaluationInput({
      target,
      attributes,
      spanContext,
      agentName,
      record,
      firstCall: runCalls?.first,
      lastCall: runCalls?.last,
    });
    const subject: EvaluationSubject = {
      context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
      agentName,
      requestModel: input.requestModel,
      responseId: stringAttribute(attributes, ATTR_GEN_AI_RESPONSE_ID),
    };
    this.runPlan(span, plan, input, subject);
  }

  /** Remembers the span for feedback, and a call's content for the runs around it; returns a run's calls. */
  private track(
    span: Span,
    seen: {
      target: EvaluationTarget;
      record: ContentRecord | undefined;
      plans: Plans;
      spanContext: SpanContext;
      agentName: string | undefined;
    },
  ): { first: ContentRecord; last: ContentRecord } | undefined {
    const { attributes } = span;
    const remembered: RememberedSpan = {
      spanContext: seen.spanContext,
      agentName: seen.agentName,
      requestModel: requestModelOf(attributes),
      responseId: stringAttribute(attributes, ATTR_GEN_AI_RESPONSE_ID),
    };
    if (seen.target === 'llm') {
      this.spans.rememberCall(remembered);
      const runSpanIds = this.options.agentNames?.runSpanIdsFor;
      if (seen.record !== undefined && seen.plans.agent.length > 0 && runSpanIds !== undefined) {
        this.runContents.noteCall(runSpanIds.call(this.options.agentNames, span), seen.record);
      }
      return undefined;
    }
    if (seen.target !== 'agent') return undefined;
    this.spans.rememberRun(remembered);
    return this.runContents.take(seen.spanContext.spanId);
  }

  private runPlan(
    span: Span,
    plan: readonly EvaluatorEntry[],
    input: SpanEvaluationInput,
    subject: EvaluationSubject,
  ): void {
    const started = performance.now();
    let scores: Attributes | undefined;
    for (const entry of plan) {
      if (!inScope(entry, input.target, input.agentName, input.requestModel, input.responseModel)) continue;
      if (!entry.sync) {
        this.schedule(entry, input, subject, true);
      } else if (performance.now() - started > this.options.syncBudgetMillis) {
        this.reportOnce(
          'sync_budget',
          `sync evaluators took more than ${this.options.syncBudgetMillis} ms on one span; ` +
            'the rest of them ran after it ended',
        );
        this.schedule(entry, input, subject, false);
      } else {
        const result = this.runSync(entry, input, subject);
        if (result !== undefined) {
          scores ??= {};
          scores[entry.scoreAttribute] = result.score;
        }
      }
    }
    if (scores !== undefined) span.setAttributes(scores);
  }

  private runSync(
    entry: EvaluatorEntry,
    input: SpanEvaluationInput,
    subject: EvaluationSubject,
  ): ScoredResult | undefined {
    let outcome: EvaluationOutcome | PromiseLike<EvaluationOutcome>;
    try {
      outcome = entry.evaluator.evaluate(input, { signal: NEVER_ABORTED });
    } catch (error) {
      this.failed(entry, error, subject);
      return undefined;
    }
    if (isPromiseLike(outcome)) {
      const pending = outcome;
      this.enqueue(entry, subject, () => pending);
      return undefined;
    }
    return this.accept(entry, outcome, subject);
  }

  /** Records a valid outcome; an invalid one counts as the evaluator's failure. */
  private accept(
    entry: EvaluatorEntry,
    outcome: EvaluationOutcome,
    subject: EvaluationSubject,
  ): ScoredResult | undefined {
    if (outcome === undefined || outcome === null) return undefined;
    const result = scoredResult(outcome);
    if (result === undefined) {
      this.failed(entry, new TypeError('returned something other than { score: 0..1, label?, explanation? }'), subject);
      return undefined;
    }
    this.recorder.record(entry.name, result, subject);
    return result;
  }

  /** Queues an async evaluation, after its `applies` check, its sample and its budget when `sampled`. */
  private schedule(
    entry: EvaluatorEntry,
    input: SpanEvaluationInput,
    subject: EvaluationSubject,
    sampled: boolean,
  ): void {
    const lane = this.laneOf(entry);
    if (sampled) {
      const { applies } = entry.evaluator;
      if (applies !== undefined) {
        try {
          if (!applies.call(entry.evaluator, input)) return;
        } catch (error) {
          this.failed(entry, error, subject);
          return;
        }
      }
      const decision = lane.sampler?.decide() ?? 'run';
      if (decision === 'sampled_out') return;
      if (decision === 'budget') {
        this.recorder.dropped(entry.name, DROP_REASON_BUDGET);
        return;
      }
    }
    this.enqueue(entry, subject, (signal) => entry.evaluator.evaluate(input, { signal }));
  }

  private enqueue(
    entry: EvaluatorEntry,
    subject: EvaluationSubject,
    evaluate: (signal: AbortSignal) => EvaluationOutcome | PromiseLike<EvaluationOutcome>,
  ): void {
    const accepted = this.laneOf(entry).queue.enqueue({
      run: async (signal) => {
        let outcome: EvaluationOutcome;
        try {
          outcome = await evaluate(signal);
        } catch (error) {
          if (!signal.aborted) this.guarded(() => this.failed(entry, error, subject));
          return;
        }
        if (!signal.aborted) this.guarded(() => this.accept(entry, outcome, subject));
      },
      timedOut: () =>
        this.guarded(() => {
          this.recorder.recordError(entry.name, DROP_REASON_TIMEOUT, DROP_REASON_TIMEOUT, subject);
          this.reportOnce(`${entry.name}:timeout`, `evaluator "${entry.name}" timed out; its score is dropped`);
        }),
    });
    if (!accepted) {
      this.recorder.dropped(entry.name, DROP_REASON_QUEUE_FULL);
      this.reportOnce(
        `${entry.name}:queue_full`,
        `evaluator "${entry.name}" has a full queue; evaluations are dropped`,
      );
    }
  }

  private laneOf(entry: EvaluatorEntry): Lane {
    let lane = this.lanes.get(entry);
    if (lane !== undefined) return lane;
    const { evaluator } = entry;
    const { options } = this;
    const sampleRate = evaluator.sampleRate ?? 1;
    const budgetPerMinute = evaluator.budgetPerMinute ?? Number.POSITIVE_INFINITY;
    lane = {
      queue: new EvaluationQueue({
        maxSize: evaluator.maxQueueSize ?? options.maxQueueSize,
        concurrency: evaluator.concurrency ?? options.concurrency,
        timeoutMillis: evaluator.timeoutMillis ?? options.timeoutMillis,
      }),
      sampler:
        sampleRate >= 1 && budgetPerMinute === Number.POSITIVE_INFINITY
          ? undefined
          : new EvaluationSampler({ rate: sampleRate, budgetPerMinute, random: options.random, now: options.now }),
    };
    if (this.closed) lane.queue.close();
    this.lanes.set(entry, lane);
    return lane;
  }

  /** An evaluator that threw (or answered nonsense): counted, an event with `error.type`, logged once. */
  private failed(entry: EvaluatorEntry, error: unknown, subject: EvaluationSubject): void {
    const known = error instanceof EvaluationError;
    const reason = known ? error.reason : DROP_REASON_EVALUATOR_ERROR;
    this.recorder.recordError(entry.name, reason, known ? error.errorType : errorTypeOf(error), subject);
    const message = error instanceof Error ? error.message : String(error);
    this.reportOnce(`${entry.name}:${reason}`, `evaluator "${entry.name}" failed (${reason}): ${message}`);
  }

  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.guard.fail(error);
    }
  }

  private reportOnce(key: string, message: string): void {
    if (!this.reported.first(key)) return;
    try {
      diag.warn(`@driftwatch/processors: ${message}`);
    } catch {
      // diag loggers are user code.
    }
  }
}
