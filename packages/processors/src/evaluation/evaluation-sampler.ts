/** What the sampler decided for one span. */
export type SamplingDecision = 'run' | 'sampled_out' | 'budget';

export interface EvaluationSamplerOptions {
  /** Fraction of spans evaluated, 0..1. */
  readonly rate: number;
  /** Evaluations started per minute at most (a token bucket of this size, refilled evenly); Infinity for none. */
  readonly budgetPerMinute: number;
  readonly random: () => number;
  readonly now: () => number;
}

const MINUTE_MILLIS = 60_000;

/**
 * Sampling and a per-minute budget for one async evaluator. A span is drawn first (`random() < rate`, so an
 * injected sequence makes the count exact); a drawn span then needs a token from a bucket that holds
 * `budgetPerMinute` tokens and refills at that rate, so bursts are bounded and the budget is never exceeded over
 * any minute by more than its size.
 */
export class EvaluationSampler {
  private readonly options: EvaluationSamplerOptions;
  private tokens: number;
  private refilledAt: number;

  constructor(options: EvaluationSamplerOptions) {
    this.options = options;
    this.tokens = options.budgetPerMinute;
    this.refilledAt = options.now();
  }

  decide(): SamplingDecision {
    const { rate, budgetPerMinute, random, now } = this.options;
    if (rate < 1 && !(random() < rate)) return 'sampled_out';
    if (budgetPerMinute === Number.POSITIVE_INFINITY) return 'run';
    const current = now();
    const elapsed = Math.max(0, current - this.refilledAt);
    this.refilledAt = current;
    this.tokens = Math.min(budgetPerMinute, this.tokens + (elapsed * budgetPerMinute) / MINUTE_MILLIS);
    if (this.tokens < 1) return 'budget';
    this.tokens -= 1;
    return 'run';
  }
}
