import { ExportResultCode } from '@opentelemetry/core';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { NextHop } from './next-hop';

/**
 * The exporter of the log records the gateway itself emits (the processors' `gen_ai.evaluation.result` events) to
 * the logs' next hop: the SDK's OTLP/HTTP exporter, given the hop read at start. Records of a failed export are
 * reported to `onDropped` (after the exporter's own retries).
 */
export function createLogExporter(hop: NextHop, onDropped: (records: number) => void): LogRecordExporter {
  const config = { url: hop.url, headers: { ...hop.headers }, timeoutMillis: hop.timeoutMillis };
  const inner: LogRecordExporter =
    hop.contentType === 'application/json' ? new JsonLogExporter(config) : new ProtobufLogExporter(config);
  return {
    export(records, resultCallback) {
      inner.export(records, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) onDropped(records.length);
        resultCallback(result);
      });
    },
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
    shutdown: () => inner.shutdown(),
  };
}
