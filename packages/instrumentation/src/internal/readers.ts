/** Tolerant readers for provider payloads: a value of the wrong type reads as absent, never throws. */
import {
  asArray as sharedAsArray,
  asRecord as sharedAsRecord,
  asString as sharedAsString,
} from '@driftwatch/processors/internal';

export type { UnknownRecord } from '@driftwatch/processors/internal';

// Bound once, as plain values: a re-export compiles to a getter, run on every read of every stream chunk.
export const asArray: typeof sharedAsArray = sharedAsArray;
export const asRecord: typeof sharedAsRecord = sharedAsRecord;
export const asString: typeof sharedAsString = sharedAsString;

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A token count: a finite, non-negative integer. */
export function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
