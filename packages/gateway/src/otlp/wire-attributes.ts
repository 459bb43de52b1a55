import type { Attributes, AttributeValue } from '@opentelemetry/api';

/** A KeyValue as protobufjs holds it (decoded message or plain object). */
export interface WireKeyValue {
  key?: string;
  value?: WireAnyValue | null;
}

export interface WireAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | { toNumber(): number };
  doubleValue?: number;
  arrayValue?: { values?: WireAnyValue[] } | null;
  kvlistValue?: { values?: WireKeyValue[] } | null;
  bytesValue?: Uint8Array;
}

/** Which field of the `oneof value` is set: protobufjs's virtual getter on decoded messages, own keys on plain ones. */
function setField(value: WireAnyValue): string | undefined {
  if (typeof value.value === 'string') return value.value;
  for (const key of ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue']) {
    if (Object.hasOwn(value, key)) return key;
  }
  return undefined;
}

/** One attribute value; structured values (kvlist, mixed arrays) read as their JSON text. */
export function readAnyValue(value: WireAnyValue | null | undefined): AttributeValue | undefined {
  if (value === null || value === undefined) return undefined;
  switch (setField(value)) {
    case 'stringValue':
      return value.stringValue;
    case 'boolValue':
      return value.boolValue;
    case 'intValue':
      return typeof value.intValue === 'number' ? value.intValue : value.intValue?.toNumber();
    case 'doubleValue':
      return value.doubleValue;
    case 'arrayValue': {
      const items = (value.arrayValue?.values ?? []).map((item) => readAnyValue(item));
      const kinds = new Set(items.map((item) => typeof item));
      if (kinds.size <= 1 && !kinds.has('object')) return items as AttributeValue;
      return JSON.stringify(items);
    }
    case 'kvlistValue':
      return JSON.stringify(Object.fromEntries(readKeyValues(value.kvlistValue?.values ?? []).entries()));
    default:
      return undefined;
  }
}

function readKeyValues(list: readonly WireKeyValue[]): Map<string, AttributeValue | undefined> {
  const entries = new Map<string, AttributeValue | undefined>();
  for (const entry of list) if (typeof entry?.key === 'string') entries.set(entry.key, readAnyValue(entry.value));
  return entries;
}

/** A KeyValue list as plain attributes (the last of duplicate keys wins; unreadable values are left out). */
export function readAttributes(list: readonly WireKeyValue[] | null | undefined): Attributes {
  const attributes: Attributes = {};
  if (!Array.isArray(list)) return attributes;
  for (const entry of list) {
    if (typeof entry?.key !== 'string') continue;
    const value = readAnyValue(entry.value);
    if (value !== undefined) attributes[entry.key] = value;
  }
  return attributes;
}

/** The OTLP form of an attribute value, as the OTel JS exporters write it (integers as intValue). */
export function wireValue(value: AttributeValue): WireAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  return {
    arrayValue: {
      values: (value as ReadonlyArray<unknown>).flatMap((item) =>
        item === null || item === undefined ? [] : [wireValue(item as AttributeValue)],
      ),
    },
  };
}

/**
 * Applies changes to a KeyValue list in place: a set key replaces the entry of the same key or is appended, a
 * removed key's entry is taken out.
 */
export function applyAttributeChanges(options: {
  list: WireKeyValue[];
  set: ReadonlyMap<string, AttributeValue>;
  remove?: ReadonlySet<string>;
}): WireKeyValue[] {
  const { set, remove } = options;
  const written = new Set<string>();
  const result: WireKeyValue[] = [];
  for (const entry of options.list) {
    const key = entry?.key;
    if (typeof key !== 'string') continue;
    if (remove?.has(key) && !set.has(key)) continue;
    const value = set.get(key);
    if (value === undefined) {
      result.push(entry);
    } else if (!written.has(key)) {
      written.add(key);
      result.push({ key, value: wireValue(value) });
    }
  }
  for (const [key, value] of set) if (!written.has(key)) result.push({ key, value: wireValue(value) });
  return result;
}

/** A value as plain data: kvlists as objects, arrays as arrays (for log bodies and structured attributes). */
export function readStructured(value: WireAnyValue | null | undefined, depth = 0): unknown {
  if (value === null || value === undefined || depth > 32) return undefined;
  switch (setField(value)) {
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map((item) => readStructured(item, depth + 1));
    case 'kvlistValue': {
      const object: Record<string, unknown> = {};
      for (const entry of value.kvlistValue?.values ?? []) {
        if (typeof entry?.key === 'string') object[entry.key] = readStructured(entry.value, depth + 1);
      }
      return object;
    }
    default:
      return readAnyValue(value);
  }
}
