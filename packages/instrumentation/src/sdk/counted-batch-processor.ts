import type { Context } from '@opentelemetry/api';
import { TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { BatchSpanEnvironment } from '../internal/environment';
import { countDropped, warnOnce } from '../internal/guard';

const DEFAULT_MAX_QUEUE_SIZE = 2048;
/** Batches sent and not yet answered by the collector, at most. */
const MAX_EXPORTS_IN_FLIGHT = 4;

/**
 * A BatchSpanProcessor whose losses are visible: spans it drops because its queue is full, and spans whose export
 * failed for good (after the exporter's own retries), are counted in `driftwatch.telemetry.dropped`
 * (`driftwatch.component=exporter.traces`, reason `queue_full` or `export_failed`) and reported once through `diag`.
 * The queue is mirrored from outside (spans in, batches handed to the exporter), so no SDK internals are read.
 */
export class CountedBatchSpanProcessor implements SpanProcessor {
  private readonly inner: BatchSpanProcessor;
  private readonly maxQueueSize: number;
  private queued = 0;
  private stopped = false;

  constructor(exporter: SpanExporter, batch: BatchSpanEnvironment) {
    this.maxQueueSize = batch.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE;
    this.inner = new BatchSpanProcessor({ exporter: this.observed(exporter), ...batch });
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (!this.stopped && (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) {
      if (this.queued >= this.maxQueueSize) {
        countDropped('exporter.traces', 'queue_full');
        warnOnce(
          'exporter.traces.queue_full',
          `the span export queue is full (${this.maxQueueSize} spans; is the collector reachable?): spans are dropped ` +
            'and counted in driftwatch.telemetry.dropped; raise OTEL_BSP_MAX_QUEUE_SIZE if this is a burst',
        );
      } else {
        this.queued += 1;
      }
    }
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    this.stopped = true;
    return this.inner.shutdown();
  }

  /**
   * The exporter as the BatchSpanProcessor sees it: each batch is acknowledged at once and sent in the background,
   * at most {@link MAX_EXPORTS_IN_FLIGHT} batches at a time (beyond that a batch is dropped and counted, so a slow
   * collector cannot make memory grow). Acknowledging at once clears the processor's own export timer, which would
   * otherwise keep a finished app alive for up to `OTEL_BSP_EXPORT_TIMEOUT` while a collector hangs; the export's
   * sockets are unref'd (export-sockets.ts), and flush and shutdown still wait for the batches in flight.
   */
  private observed(exporter: SpanExporter): SpanExporter {
    const processor = this;
    const inFlight = new Set<Promise<void>>();
    const settled = async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    };
    return {
      export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
        processor.queued = Math.max(0, processor.queued - spans.length);
        if (inFlight.size >= MAX_EXPORTS_IN_FLIGHT) {
          for (let index = 0; index < spans.length; index++) countDropped('exporter.traces', 'export_backlog');
          warnOnce(
            'exporter.traces.export_backlog',
            `${MAX_EXPORTS_IN_FLIGHT} span exports are already waiting on the collector; further batches are dropped ` +
              'and counted in driftwatch.telemetry.dropped until it answers',
          );
          resultCallback({ code: ExportResultCode.SUCCESS });
          return;
        }
        const sent = new Promise<void>((resolve) => {
          try {
            exporter.export(spans, (result) => {
              if (result.code !== ExportResultCode.SUCCESS) {
                for (let index = 0; index < spans.length; index++) countDropped('exporter.traces', 'export_failed');
                warnOnce(
                  'exporter.traces.export_failed',
                  `span export failed (${result.error?.message ?? 'no reason given'}); the spans of that batch are ` +
                    'lost and counted in driftwatch.telemetry.dropped',
                );
              }
              resolve();
            });
          } catch {
            for (let index = 0; index < spans.length; index++) countDropped('exporter.traces', 'export_failed');
            resolve();
          }
        });
        inFlight.add(sent);
        void sent.then(() => inFlight.delete(sent));
        resultCallback({ code: ExportResultCode.SUCCESS });
      },
      async forceFlush(): Promise<void> {
        await settled();
        await exporter.forceFlush?.();
      },
      async shutdown(): Promise<void> {
        await settled();
        await exporter.shutdown();
      },
    };
  }
}
