import { type Attributes, diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace';
import { OncePerKey, type ProcessorGuard } from '../internal/processor-guard';
import { redactSecrets } from '../redaction/redact-secrets';
import {
  DROP_REASON_BUDGET,
  DROP_REASON_EVALUATOR_ERROR,
  DROP_REASON_QUEUE_FULL,
  DROP_REASON_TIMEOUT,
  EvaluationError,
} from './evaluation-error';
import type { SpanEvaluationInput } from './evaluation-input';
import { EvaluationQueue } from './evaluation-queue';
import type { EvaluationRecorder, EvaluationSubject, ScoredResult } from './evaluation-recorder';
import { EvaluationSampler } from './evaluation-sampler';
import { type EvaluatorEntry, inScope } from './evaluator-registry';
import { scoredResult } from './scored-result';
import type { EvaluationOutcome } from './types';

export interface EvaluationSchedulerOptions {
  readonly recorder: EvaluationRecorder;
  readonly guard: ProcessorGuard;
  readonly syncBudgetMillis: number;
  /** Defaults of async evaluators. */
  readonly timeoutMillis: number;
  readonly concurrency: number;
  readonly maxQueueSize: number;
  readonly random: () => number;
  readonly now: () => number;
}

/** An async evaluator's queue and sampler. */
interface Lane {
  readonly queue: EvaluationQueue;
  readonly sampler: EvaluationSampler | undefined;
}

/** The signal of sync evaluations: they cannot be cut short. */
const NEVER_ABORTED = new AbortController().signal;

function isPromiseLike(value: unknown): value is PromiseLike<EvaluationOutcome> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function errorTypeOf(error: unknown): string {
  return error instanceof Error && error.name !== '' ? error.name : '_OTHER';
}

/**
 * Scheduling, in two lanes: sync evaluators run at once within the time budget of one span (their scores returned
 * for the span); async ones (and sync ones past the budget) go to a bounded queue of their own, with a concurrency
 * limit and a timeout, sampled and budgeted when they ask for it. Every outcome is recorded; every failure counted
 * and logged once.
 */
export class EvaluationScheduler {
  private readonly options: EvaluationSchedulerOptions;
  private readonly lanes = new Map<EvaluatorEntry, Lane>();
  private readonly retiring = new Set<EvaluationQueue>();
  private readonly reported = new OncePerKey();
  private closed = false;

  constructor(options: EvaluationSchedulerOptions) {
    this.options = options;
  }

  /** Runs `plan` on one ended span; sets the sync evaluators' scores on it. */
  run(span: Span, plan: readonly EvaluatorEntry[], input: SpanEvaluationInput, subject: EvaluationSubject): void {
    // The content is read before the sync budget starts: the budget is the evaluators' own time.
    if (plan.some((entry) => entry.sync)) input.prepare();
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

  /** An evaluator left the plans: its queue takes nothing new and is forgotten once idle. */
  retire(entry: EvaluatorEntry): void {
    const lane = this.lanes.get(entry);
    if (lane === undefined) return;
    this.lanes.delete(entry);
    lane.queue.close();
    this.retiring.add(lane.queue);
    void lane.queue.whenIdle().then(() => this.retiring.delete(lane.queue));
  }

  /** Waits for every queued and running evaluation (each bounded by its timeout). */
  async whenIdle(): Promise<void> {
    const queues = [...[...this.lanes.values()].map((lane) => lane.queue), ...this.retiring];
    await Promise.all(queues.map((queue) => queue.whenIdle()));
  }

  /** Takes no new evaluations. */
  close(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) lane.queue.close();
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
    this.options.recorder.record(entry.name, result, subject);
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
        this.options.recorder.dropped(entry.name, DROP_REASON_BUDGET);
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
    const { recorder } = this.options;
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
          recorder.recordError(entry.name, DROP_REASON_TIMEOUT, DROP_REASON_TIMEOUT, subject);
          this.reportOnce(`${entry.name}:timeout`, `evaluator "${entry.name}" timed out; its score is dropped`);
        }),
    });
    if (!accepted) {
      recorder.dropped(entry.name, DROP_REASON_QUEUE_FULL);
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
    this.options.recorder.recordError(entry.name, reason, known ? error.errorType : errorTypeOf(error), subject);
    // An evaluator's message can quote what it read (a judge endpoint's error body, a custom evaluator's input).
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    this.reportOnce(`${entry.name}:${reason}`, `evaluator "${entry.name}" failed (${reason}): ${message}`);
  }

  private guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.guard.fail(error);
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
