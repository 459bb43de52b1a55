import { redactSecrets } from '@driftwatch/processors/internal';
import type { AttributeValue } from '@opentelemetry/api';
import { isContentAttribute } from '../normalize/content-attributes';
import type { WireAnyValue, WireKeyValue } from '../otlp/wire-attributes';

/** Deeper structured values are left as they are (the gateway reads no deeper either). */
const MAX_DEPTH = 32;

/** The value with every string in it redacted, structure and types kept; the same object when nothing changed. */
function redactedWireValue(value: WireAnyValue, depth: number): WireAnyValue {
  if (typeof value.stringValue === 'string' && value.stringValue !== '') {
    const redacted = redactSecrets(value.stringValue);
    return redacted === value.stringValue ? value : { stringValue: redacted };
  }
  if (depth >= MAX_DEPTH) return value;
  const items = value.arrayValue?.values;
  if (Array.isArray(items)) {
    const redacted = items.map((item) => (item ? redactedWireValue(item, depth + 1) : item));
    return redacted.some((item, index) => item !== items[index]) ? { arrayValue: { values: redacted } } : value;
  }
  const entries = value.kvlistValue?.values;
  if (Array.isArray(entries)) {
    const redacted = redactedList(entries, depth + 1, () => true);
    return redacted === undefined ? value : { kvlistValue: { values: redacted } };
  }
  return value;
}

function redactedList(
  list: readonly WireKeyValue[],
  depth: number,
  holdsContent: (key: string) => boolean,
): WireKeyValue[] | undefined {
  let result: WireKeyValue[] | undefined;
  list.forEach((entry, index) => {
    const key = entry?.key;
    if (typeof key !== 'string' || !holdsContent(key) || entry.value === null || entry.value === undefined) return;
    const value = redactedWireValue(entry.value, depth);
    if (value === entry.value) return;
    result ??= [...list];
    result[index] = { key, value };
  });
  return result;
}

/**
 * A span's received attributes with credentials redacted in its content attributes ({@link isContentAttribute}),
 * or undefined when none held one. Only the values change: keys, order and value types stay as received.
 */
export function redactedContentAttributes(list: readonly WireKeyValue[]): WireKeyValue[] | undefined {
  return redactedList(list, 0, isContentAttribute);
}

/** Attributes the gateway writes (messages it rebuilt), their content redacted; the same map when none changed. */
export function redactedContentValues(
  values: ReadonlyMap<string, AttributeValue>,
): ReadonlyMap<string, AttributeValue> {
  let result: Map<string, AttributeValue> | undefined;
  for (const [key, value] of values) {
    if (typeof value !== 'string' || !isContentAttribute(key)) continue;
    const redacted = redactSecrets(value);
    if (redacted === value) continue;
    result ??= new Map(values);
    result.set(key, redacted);
  }
  return result ?? values;
}
