import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { untilAborted } from './deadline';
import type { NextHop } from './next-hop';

/**
 * The exporter of the log records the gateway itself emits (the processors' `gen_ai.evaluation.result` events) to
 * the logs' next hop: the SDK's OTLP/HTTP exporter, given the hop read at start. At `deadline` (the gateway's
 * shutdown deadline) an export still waiting fails, and so do later ones, so that their records are counted.
 */
export function createLogExporter(hop: NextHop, deadline: AbortSignal): LogRecordExporter {
  const config = { url: hop.url, headers: { ...hop.headers }, timeoutMillis: hop.timeoutMillis };
  const inner = hop.contentType === 'application/json' ? new JsonLogExporter(config) : new ProtobufLogExporter(config);
  const failed: ExportResult = {
    code: ExportResultCode.FAILED,
    error: new Error('not delivered by the shutdown deadline'),
  };
  return {
    export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void) {
      if (deadline.aborted) {
        resultCallback(failed);
        return;
      }
      let settled = false;
      const settle = (result: ExportResult) => {
        if (settled) return;
        settled = true;
        deadline.removeEventListener('abort', onDeadline);
        resultCallback(result);
      };
      const onDeadline = () => settle(failed);
      deadline.addEventListener('abort', onDeadline, { once: true });
      inner.export(records, settle);
    },
    forceFlush: () => untilAborted(inner.forceFlush(), deadline),
    shutdown: () => untilAborted(inner.shutdown(), deadline),
  };
}
