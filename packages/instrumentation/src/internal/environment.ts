import { diag } from '@opentelemetry/api';

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
