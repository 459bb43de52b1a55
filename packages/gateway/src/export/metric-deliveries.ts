import { diag } from '@opentelemetry/api';
import type { MetricExportWatch } from './metric-export';

/** Per exporter, the data points of its last export that failed (each export carries the whole cumulative state). */
interface Undelivered {
  readonly points: Map<MetricExportWatch, number>;
  readonly reasons: Set<string>;
}

function totalPoints(undelivered: Undelivered): number {
  let total = 0;
  for (const points of undelivered.points.values()) total += points;
  return total;
}

/**
 * What the next hop did not take of the metrics the gateway makes (each source app's derived metrics, and its own):
 * while it runs, the first failure is said once (cumulative series are sent whole again at the next export); once it
 * stops, the final exports that failed are summed and said in one line per kind by {@link shutdownSummary}.
 */
export class MetricDeliveries {
  private readonly hop: string;
  private readonly exportIntervalMillis: number;
  private readonly deadline: AbortSignal;
  private stopping = false;
  private reportedRunning = false;
  private readonly atShutdown = { sources: newUndelivered(), gateway: newUndelivered() };

  constructor(options: { hop: string; exportIntervalMillis: number; deadline: AbortSignal }) {
    this.hop = options.hop;
    this.exportIntervalMillis = options.exportIntervalMillis;
    this.deadline = options.deadline;
  }

  /** The watch of one exporter: a source app's (`sources`) or the gateway's own (`gateway`). */
  watch(owner: 'sources' | 'gateway'): MetricExportWatch {
    const watch: MetricExportWatch = {
      deadline: this.deadline,
      onUndelivered: (points, reason) => {
        if (this.stopping) {
          const undelivered = this.atShutdown[owner];
          undelivered.points.set(watch, points);
          undelivered.reasons.add(reason);
          return;
        }
        if (this.reportedRunning) return;
        this.reportedRunning = true;
        diag.warn(
          `@driftwatch/gateway: metrics export to the next hop ${this.hop} failed (${reason}); the series are sent again at the next export, every ${this.exportIntervalMillis / 1000} s. Further failures are not logged`,
        );
      },
    };
    return watch;
  }

  /** From now on failed exports are final: summed for {@link shutdownSummary}. */
  beginShutdown(): void {
    this.stopping = true;
  }

  shutdownSummary(): string[] {
    const lines: string[] = [];
    const { sources, gateway } = this.atShutdown;
    if (sources.points.size > 0) {
      lines.push(
        `the final derived metrics of ${sources.points.size} source app(s) (${totalPoints(sources)} data point(s)) did not reach the next hop ${this.hop} (${[...sources.reasons].join('; ')}); they are lost`,
      );
    }
    if (gateway.points.size > 0) {
      lines.push(
        `the gateway's own final metrics (${totalPoints(gateway)} data point(s), driftwatch.telemetry.dropped among them) did not reach the next hop ${this.hop} (${[...gateway.reasons].join('; ')}); the drops said here are recorded nowhere else`,
      );
    }
    return lines;
  }
}

function newUndelivered(): Undelivered {
  return { points: new Map(), reasons: new Set() };
}
