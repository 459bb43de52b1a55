import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { NextHop } from './next-hop';

/**
 * The exporter of the log records the gateway itself emits (the processors' `gen_ai.evaluation.result` events) to
 * the logs' next hop: the SDK's OTLP/HTTP exporter, given the hop read at start.
 */
export function createLogExporter(hop: NextHop): LogRecordExporter {
  const config = { url: hop.url, headers: { ...hop.headers }, timeoutMillis: hop.timeoutMillis };
  return hop.contentType === 'application/json' ? new JsonLogExporter(config) : new ProtobufLogExporter(config);
}
