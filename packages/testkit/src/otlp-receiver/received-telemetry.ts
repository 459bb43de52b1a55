import type { OtlpSignal, ReceivedLogRecord, ReceivedMetricPoint, ReceivedRequest, ReceivedSpan } from '../types';
import { flattenLogs } from './flatten-logs';
import { flattenMetrics } from './flatten-metrics';
import { flattenSpans } from './flatten-spans';
import type { WireLogsRequest, WireMetricsRequest, WireTracesRequest } from './otlp-wire-types';

/** What a receiver has been sent, plus the waiters to wake after each export. */
export class ReceivedTelemetry {
  readonly requests: ReceivedRequest[] = [];
  readonly spans: ReceivedSpan[] = [];
  readonly metricPoints: ReceivedMetricPoint[] = [];
  readonly logRecords: ReceivedLogRecord[] = [];
  private readonly waiters = new Set<() => void>();

  /** Flattens and keeps an export; throws (keeping nothing) when its shape is not OTLP. */
  addExport(options: { signal: OtlpSignal; decoded: unknown }): void {
    if (typeof options.decoded !== 'object' || options.decoded === null) {
      throw new Error('Expected an export request object');
    }
    if (options.signal === 'traces') this.spans.push(...flattenSpans(options.decoded as WireTracesRequest));
    if (options.signal === 'metrics') this.metricPoints.push(...flattenMetrics(options.decoded as WireMetricsRequest));
    if (options.signal === 'logs') this.logRecords.push(...flattenLogs(options.decoded as WireLogsRequest));
  }

  /** Registers a check run after every request; returns the function that removes it. */
  onArrival(check: () => void): () => void {
    this.waiters.add(check);
    return () => {
      this.waiters.delete(check);
    };
  }

  notifyArrival(): void {
    for (const check of [...this.waiters]) check();
  }

  summary(): string {
    return (
      `${this.requests.length} requests: ${this.spans.length} spans, ` +
      `${this.metricPoints.length} metric points, ${this.logRecords.length} log records`
    );
  }

  reset(): void {
    this.requests.length = 0;
    this.spans.length = 0;
    this.metricPoints.length = 0;
    this.logRecords.length = 0;
  }
}
