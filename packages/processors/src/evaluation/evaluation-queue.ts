/** One queued evaluation: `run` records its own outcome; it must not record anything once `signal` is aborted. */
export interface QueuedEvaluation {
  run(signal: AbortSignal): Promise<void>;
  /** Called once when the evaluation took longer than the queue's timeout (its signal is then aborted). */
  timedOut(): void;
}

export interface EvaluationQueueOptions {
  readonly maxSize: number;
  readonly concurrency: number;
  readonly timeoutMillis: number;
}

/**
 * A bounded queue of evaluations: at most `maxSize` waiting and `concurrency` running, each abandoned after
 * `timeoutMillis` (its signal aborted and its slot given back, even if it never settles). Enqueueing never blocks
 * and never throws; a full queue refuses. Timers never hold the process.
 */
export class EvaluationQueue {
  private readonly options: EvaluationQueueOptions;
  private readonly waiting: QueuedEvaluation[] = [];
  private running = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(options: EvaluationQueueOptions) {
    this.options = options;
  }

  /** Evaluations waiting and running. */
  get pending(): number {
    return this.waiting.length + this.running;
  }

  /** Queues an evaluation; false when the queue is full or closed. */
  enqueue(evaluation: QueuedEvaluation): boolean {
    if (this.closed) return false;
    if (this.running < this.options.concurrency) {
      this.start(evaluation);
      return true;
    }
    if (this.waiting.length >= this.options.maxSize) return false;
    this.waiting.push(evaluation);
    return true;
  }

  /** Resolves once nothing waits or runs (each run is bounded by the timeout). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new evaluations; those queued still run. */
  close(): void {
    this.closed = true;
  }

  private start(evaluation: QueuedEvaluation): void {
    this.running += 1;
    const controller = new AbortController();
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.running -= 1;
      this.next();
    };
    const timer = setTimeout(() => {
      if (settled) return;
      controller.abort(new Error('evaluation timed out'));
      try {
        evaluation.timedOut();
      } catch {
        // Reporting a timeout must not become a failure.
      }
      finish();
    }, this.options.timeoutMillis);
    timer.unref?.();
    Promise.resolve()
      .then(() => evaluation.run(controller.signal))
      .then(finish, finish);
  }

  private next(): void {
    const evaluation = this.waiting.shift();
    if (evaluation !== undefined) {
      this.start(evaluation);
      return;
    }
    if (this.running > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
