import { ATTR_DRIFTWATCH_COMPONENT, ATTR_DRIFTWATCH_DROP_REASON } from '@driftwatch/semconv';
import { diag } from '@opentelemetry/api';
import type { ProcessorInstruments } from './processor-instruments';

/** `driftwatch.drop.reason` of a processor that threw: its enrichment of that span is lost. */
export const DROP_REASON_INTERNAL_ERROR = 'internal_error';
/** `driftwatch.drop.reason` of a processor call that took longer than the slow threshold (nothing lost). */
export const DROP_REASON_SLOW = 'slow';
/** `driftwatch.drop.reason` of an agent run evicted before it ended (too old, or too many open runs). */
export const DROP_REASON_ORPHAN_RUN = 'orphan_run';
/** `driftwatch.drop.reason` of per-label drift history evicted to stay within its bounds. */
export const DROP_REASON_LABEL_LIMIT = 'label_limit';

/**
 * Default time above which one processor call is reported as slow. Processors take microseconds per span; the
 * threshold sits well above garbage-collection pauses so that a report means a real problem.
 */
export const DEFAULT_SLOW_THRESHOLD_MILLIS = 50;

export interface ProcessorGuardOptions {
  /** `driftwatch.component` of everything this guard reports, e.g. `processor.cost`. */
  readonly component: string;
  readonly instruments: ProcessorInstruments;
  readonly slowThresholdMillis: number;
}

/**
 * Keeps one processor's failures and slowness away from the app and from the other processors: each call runs in
 * try/catch and is timed; a failure or a slow call is logged once per component through `diag` and counted in
 * `driftwatch.telemetry.dropped`. Span processors run synchronously inside `span.end()`, so a slow call cannot be
 * cut short, only reported.
 */
export class ProcessorGuard {
  private readonly options: ProcessorGuardOptions;
  private reportedError = false;
  private reportedSlow = false;

  constructor(options: ProcessorGuardOptions) {
    this.options = options;
  }

  get component(): string {
    return this.options.component;
  }

  /** Runs `work.call(self, span)` guarded and timed. */
  run<Self, Item>(work: (this: Self, item: Item) => void, self: Self, item: Item): void {
    const started = performance.now();
    try {
      work.call(self, item);
    } catch (error) {
      this.fail(error);
    }
    const elapsed = performance.now() - started;
    if (elapsed > this.options.slowThresholdMillis) this.slow(elapsed);
  }

  /** A contained failure: logged once, counted every time. */
  fail(error: unknown): void {
    this.drop(DROP_REASON_INTERNAL_ERROR);
    if (this.reportedError) return;
    this.reportedError = true;
    try {
      diag.error(`@driftwatch/processors: ${this.options.component} failed; the span went on without it`, error);
    } catch {
      // diag loggers are user code.
    }
  }

  /** Counts one item in `driftwatch.telemetry.dropped`; never throws. */
  drop(reason: string): void {
    try {
      this.options.instruments.get().telemetryDropped.add(1, {
        [ATTR_DRIFTWATCH_COMPONENT]: this.options.component,
        [ATTR_DRIFTWATCH_DROP_REASON]: reason,
      });
    } catch {
      // Counting a failure must not become one.
    }
  }

  /** A call slower than the threshold: logged once, counted every time. */
  private slow(elapsedMillis: number): void {
    this.drop(DROP_REASON_SLOW);
    if (this.reportedSlow) return;
    this.reportedSlow = true;
    try {
      diag.warn(
        `@driftwatch/processors: ${this.options.component} took ${elapsedMillis.toFixed(1)} ms on one span ` +
          `(threshold ${this.options.slowThresholdMillis} ms); span processors run inside span.end() and delay the app`,
      );
    } catch {
      // diag loggers are user code.
    }
  }
}

/** Logs each distinct key once through `diag`, remembering at most `limit` keys. */
export class OncePerKey {
  private readonly seen = new Set<string>();
  private readonly limit: number;

  constructor(limit = 256) {
    this.limit = limit;
  }

  /** True the first time `key` is seen (while fewer than `limit` keys are remembered). */
  first(key: string): boolean {
    if (this.seen.has(key) || this.seen.size >= this.limit) return false;
    this.seen.add(key);
    return true;
  }
}
