import type { ReceivedScope } from '../types';
import type { WireAnyValue, WireBytes, WireEnum, WireKeyValue, WireLong, WireScope } from './otlp-wire-types';

/** A trace or span id as lowercase hex: bytes from protobuf, hex already from OTLP/JSON. Empty when absent. */
export function hexId(value: WireBytes | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value.toLowerCase() : Buffer.from(value).toString('hex');
}

/** A 64-bit nanosecond timestamp as a decimal string, exact at any size. */
export function decimalString(value: WireLong | undefined): string {
  return value === undefined ? '0' : String(value);
}

export function toNumber(value: WireLong | number | string | undefined): number {
  return value === undefined ? 0 : Number(value);
}

export function optionalNumber(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** An enum as its number; OTLP/JSON senders may also spell it by name, found in `names` by position. */
export function enumNumber(value: WireEnum | undefined, names: readonly string[]): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const index = names.indexOf(value);
  return index >= 0 ? index : Number(value) || 0;
}

/** An AnyValue as a plain JS value: int64 as number, arrays as arrays, kvlists as objects, bytes as Uint8Array. */
export function plainValue(value: WireAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue !== undefined) return plainAttributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) {
    return typeof value.bytesValue === 'string'
      ? new Uint8Array(Buffer.from(value.bytesValue, 'base64'))
      : new Uint8Array(value.bytesValue);
  }
  return undefined;
}

export function plainAttributes(attributes: WireKeyValue[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const attribute of attributes ?? []) {
    if (attribute.key !== undefined) result[attribute.key] = plainValue(attribute.value);
  }
  return result;
}

export function plainScope(scope: WireScope | undefined): ReceivedScope {
  return { name: scope?.name ?? '', version: scope?.version ?? '' };
}
