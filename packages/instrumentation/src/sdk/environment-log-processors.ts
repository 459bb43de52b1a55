import { diag } from '@opentelemetry/api';
import { getNumberFromEnv } from '@opentelemetry/core';
import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  type LogRecordProcessor,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { componentsFromExporterList } from './environment-exporter-list';
import { otlpExporter } from './otlp-exporters';

function nonNegative(name: string): number | undefined {
  const value = getNumberFromEnv(name);
  return value !== undefined && value > 0 ? value : undefined;
}

function logRecordProcessor(name: string): LogRecordProcessor | undefined {
  switch (name) {
    case 'otlp':
      return new BatchLogRecordProcessor({
        exporter: otlpExporter('logs'),
        maxQueueSize: nonNegative('OTEL_BLRP_MAX_QUEUE_SIZE'),
        scheduledDelayMillis: nonNegative('OTEL_BLRP_SCHEDULE_DELAY'),
        exportTimeoutMillis: nonNegative('OTEL_BLRP_EXPORT_TIMEOUT'),
        maxExportBatchSize: nonNegative('OTEL_BLRP_MAX_EXPORT_BATCH_SIZE'),
      });
    case 'console':
      return new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() });
    default:
      diag.warn(`@driftwatch/instrumentation: unsupported OTEL_LOGS_EXPORTER value "${name}"`);
      return undefined;
  }
}

/** The log record processors `OTEL_LOGS_EXPORTER` asks for (`otlp` by default, `console`, `none`). */
export function logRecordProcessorsFromEnvironment(): LogRecordProcessor[] {
  return componentsFromExporterList('OTEL_LOGS_EXPORTER', logRecordProcessor);
}

/** `OTEL_LOGRECORD_ATTRIBUTE_*` limits, falling back to `OTEL_ATTRIBUTE_*`, as NodeSDK reads them. */
export function logRecordLimitsFromEnvironment() {
  return {
    attributeCountLimit:
      nonNegative('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT') ?? nonNegative('OTEL_ATTRIBUTE_COUNT_LIMIT'),
    attributeValueLengthLimit:
      nonNegative('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT') ?? nonNegative('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
  };
}
