import { ATTR_DRIFTWATCH_CONTENT_TRUNCATED } from '@driftwatch/semconv';
import type { Span } from '@opentelemetry/api';
import { countDropped } from '../internal/guard';
import { boundedJson } from './bounded-json';

function markTruncated(span: Span, name: string): void {
  span.setAttribute(ATTR_DRIFTWATCH_CONTENT_TRUNCATED, name);
  countDropped('content', 'attribute_budget');
}

/** Sets a content attribute (the JSON of `entries`) within its budget, marking and counting it when shortened. */
export function setContentAttribute(span: Span, name: string, entries: readonly unknown[], maxLength: number): void {
  const { json, truncated } = boundedJson(entries, maxLength);
  span.setAttribute(name, json);
  if (truncated) markTruncated(span, name);
}

/**
 * Sets a content attribute holding one value (tool arguments, a tool result) as its own JSON within the budget,
 * `undefined` as `null`; a value with no JSON form at all is left out and counted.
 */
export function setValueAttribute(span: Span, name: string, value: unknown, maxLength: number): void {
  try {
    const { json, truncated } = boundedJson([value === undefined ? null : value], maxLength);
    if (json !== '[]') span.setAttribute(name, json.slice(1, -1));
    if (truncated) markTruncated(span, name);
  } catch {
    countDropped('content', 'unserializable');
  }
}
