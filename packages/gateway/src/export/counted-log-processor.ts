import { ExportResultCode } from '@opentelemetry/core';
import type {
  LogRecordExporter,
  LogRecordProcessor,
  ReadableLogRecord,
  ReadWriteLogRecord,
} from '@opentelemetry/sdk-logs';

export interface CountedBatchLogOptions {
  readonly exporter: LogRecordExporter;
  /** Records waiting for export at most; one more is dropped and counted. */
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  /** How long a record may wait for a batch to fill. */
  readonly scheduledDelayMillis: number;
  /** How long an export may take before its records are given up (an exporter that never answers). */
  readonly exportTimeoutMillis: number;
  /** Told of records dropped: the queue was full (`queue_full`), or their export failed (`export_failed`). */
  readonly onDropped: (reason: 'queue_full' | 'export_failed', records: number) => void;
}

/**
 * A batching log record processor that counts what it drops, which the SDK's batch processor reports nowhere the
 * gateway can read: a bounded queue, one export at a time (a full batch at once, a partial one after
 * `scheduledDelayMillis`), each bounded by `exportTimeoutMillis`, and a flush that drains the queue. The timers never
 * hold the process open.
 */
export class CountedBatchLogProcessor implements LogRecordProcessor {
  private readonly options: CountedBatchLogOptions;
  private queue: ReadableLogRecord[] = [];
  private exporting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: CountedBatchLogOptions) {
    this.options = options;
  }

  onEmit(record: ReadWriteLogRecord): void {
    if (this.stopped) return;
    if (this.queue.length >= this.options.maxQueueSize) {
      this.options.onDropped('queue_full', 1);
      return;
    }
    this.queue.push(record);
    this.schedule();
  }

  async forceFlush(): Promise<void> {
    this.clearTimer();
    while (this.exporting !== undefined || this.queue.length > 0) {
      await (this.exporting ?? this.exportBatch());
    }
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.forceFlush();
    this.stopped = true;
    await this.options.exporter.shutdown();
  }

  private schedule(): void {
    if (this.exporting !== undefined) return;
    if (this.queue.length >= this.options.maxExportBatchSize) {
      void this.exportBatch();
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.exporting === undefined) void this.exportBatch();
    }, this.options.scheduledDelayMillis);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private exportBatch(): Promise<void> {
    this.clearTimer();
    const batch = this.queue.splice(0, this.options.maxExportBatchSize);
    if (batch.length === 0) return Promise.resolve();
    const exporting = new Promise<void>((resolve) => {
      let settled = false;
      const settle = (delivered: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        if (!delivered) this.options.onDropped('export_failed', batch.length);
        resolve();
      };
      const timeout = setTimeout(() => settle(false), this.options.exportTimeoutMillis);
      timeout.unref();
      try {
        this.options.exporter.export(batch, (result) => settle(result.code === ExportResultCode.SUCCESS));
      } catch {
        settle(false);
      }
    }).then(() => {
      this.exporting = undefined;
      if (this.queue.length > 0 && !this.stopped) this.schedule();
    });
    this.exporting = exporting;
    return exporting;
  }
}
