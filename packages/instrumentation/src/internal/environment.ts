import { diag } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on', 'span_only', 'span_and_event']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off', 'no_content', 'event_only', '']);

/** Reads a boolean environment variable; an unrecognised value is reported once and falls back. */
export function readBooleanEnvironment(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return value === '' ? fallback : false;
  diag.warn(`@driftwatch/instrumentation: ${name}=${JSON.stringify(raw)} is not a boolean; using ${fallback}`);
  return fallback;
}

/** Reads a positive integer environment variable; anything else is reported once and falls back. */
export function readPositiveIntegerEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  diag.warn(`@driftwatch/instrumentation: ${name}=${JSON.stringify(raw)} is not a positive integer; using ${fallback}`);
  return fallback;
}

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
