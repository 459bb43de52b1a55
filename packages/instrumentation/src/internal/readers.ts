/** Tolerant readers for provider payloads: a value of the wrong type reads as absent, never throws. */
export { asArray, asRecord, asString, type UnknownRecord } from '@driftwatch/processors/internal';

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A token count: a finite, non-negative integer. */
export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
