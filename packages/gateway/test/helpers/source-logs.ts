import { type AnyValue, type Attributes, ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { SOURCE_RESOURCE } from './source-app';

/** One log event of a source, tied to the span it is about. */
export interface PlannedLogRecord {
  eventName: string;
  spanContext: SpanContext | undefined;
  attributes?: Attributes;
  body?: AnyValue;
}

/**
 * A source app's log events, as a contrib GenAI instrumentation emits them: the OTel JS SDK's LoggerProvider and its
 * real OTLP/protobuf exporter, all `records` in one export request to `endpoint`.
 */
export async function sendLogRecords(options: {
  endpoint: string;
  records: PlannedLogRecord[];
  resource?: Record<string, string>;
  scope?: string;
}): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(options.resource ?? SOURCE_RESOURCE),
    processors: [
      new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${options.endpoint}/v1/logs` }) }),
    ],
  });
  const logger = provider.getLogger(options.scope ?? 'opentelemetry.instrumentation.openai_v2', '1.0.0');
  for (const record of options.records) {
    logger.emit({
      eventName: record.eventName,
      attributes: record.attributes,
      body: record.body,
      context: record.spanContext === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, record.spanContext),
    });
  }
  await provider.forceFlush();
  await provider.shutdown();
}
