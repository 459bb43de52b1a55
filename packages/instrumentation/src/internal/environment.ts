import { getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';

/** Booleans and integers are read one way in every package: Driftwatch's settings module. */
export { readBooleanEnvironment, readPositiveIntegerEnvironment } from '@driftwatch/processors/internal';

/** The batch span processor settings of `OTEL_BSP_*`; unset or invalid ones are left to the SDK's defaults. */
export interface BatchSpanEnvironment {
  readonly maxQueueSize?: number;
  readonly maxExportBatchSize?: number;
  readonly scheduledDelayMillis?: number;
  readonly exportTimeoutMillis?: number;
}

/** What the standard variables ask of trace export, read the way NodeSDK reads them. */
export interface TraceExportEnvironment {
  /** `OTEL_TRACES_EXPORTER` (default `otlp`); empty for `none` (`none` beside other names is ignored). */
  readonly exporters: readonly string[];
  /** `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`. */
  readonly protocol: string;
  readonly batch: BatchSpanEnvironment;
}

function readNonNegativeNumberEnvironment(name: string): number | undefined {
  const value = getNumberFromEnv(name);
  return value !== undefined && value >= 0 ? value : undefined;
}

export function readTraceExportEnvironment(): TraceExportEnvironment {
  const listed = [...new Set(getStringListFromEnv('OTEL_TRACES_EXPORTER') ?? [])].filter(
    (name) => name !== '' && name !== 'null',
  );
  const named = listed.filter((name) => name !== 'none');
  const exporters = listed.length === 0 ? ['otlp'] : named;
  const protocol =
    getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ??
    getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL') ??
    'http/protobuf';
  return {
    exporters,
    protocol,
    batch: {
      maxQueueSize: readNonNegativeNumberEnvironment('OTEL_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: readNonNegativeNumberEnvironment('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
      scheduledDelayMillis: readNonNegativeNumberEnvironment('OTEL_BSP_SCHEDULE_DELAY'),
      exportTimeoutMillis: readNonNegativeNumberEnvironment('OTEL_BSP_EXPORT_TIMEOUT'),
    },
  };
}
