import { exportRequestType, type Type } from '@driftwatch/otlp-proto';
import type { AttributeValue } from '@opentelemetry/api';
import { fieldsOf } from './protobuf-layout';
import { type WireKeyValue, wireValue } from './wire-attributes';

/** What changed on one received span: attributes and events to append, or a change that needs it re-encoded. */
export type SpanPatch =
  | {
      readonly kind: 'append';
      readonly attributes: ReadonlyMap<string, AttributeValue>;
      readonly events: readonly object[];
    }
  | { readonly kind: 'reencode'; readonly span: object };

const RESOURCE_SPANS_FIELD = 1;
const SCOPE_SPANS_FIELD = 2;
const SPANS_FIELD = 2;

/** The tag and length of a length-delimited field, as bytes. */
function header(field: number, length: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = field * 8 + 2; ; rest = Math.floor(rest / 128)) {
    if (rest < 0x80) {
      bytes.push(rest);
      break;
    }
    bytes.push((rest % 128) | 0x80);
  }
  for (let rest = length; ; rest = Math.floor(rest / 128)) {
    if (rest < 0x80) {
      bytes.push(rest);
      break;
    }
    bytes.push((rest % 128) | 0x80);
  }
  return Uint8Array.from(bytes);
}

/** A length-delimited field: tag, length, payload parts. */
function lengthDelimited(field: number, parts: Uint8Array[]): Uint8Array[] {
  let length = 0;
  for (const part of parts) length += part.length;
  parts.unshift(header(field, length));
  return parts;
}

function size(parts: readonly Uint8Array[]): number {
  let total = 0;
  for (const part of parts) total += part.length;
  return total;
}

let spanType: Type | undefined;

/** The Span type, looked up once. */
function spanMessage(): Type {
  spanType ??= exportRequestType('traces').lookupType('Span');
  return spanType;
}

/**
 * The appended attributes and events, as the bytes of a Span holding only them: fields 9 and 11, which appended
 * to the original span's bytes extend its repeated attributes and events.
 */
function appendedBytes(patch: Extract<SpanPatch, { kind: 'append' }>): Uint8Array {
  const attributes: WireKeyValue[] = [];
  for (const [key, value] of patch.attributes) attributes.push({ key, value: wireValue(value) });
  return spanMessage().encode({ attributes, events: patch.events }).finish();
}

/**
 * The processed request in protobuf, built from the received bytes: unchanged spans, resources and scopes are
 * copied as they came; a changed span is copied with its new attributes and events appended (repeated fields
 * may be split, so this is the same message), or re-encoded when an attribute was replaced or removed. Much
 * cheaper than encoding the whole request again. `spans` lists the decoded spans in request order, each with its
 * patch (or undefined).
 */
export function spliceTraces(body: Uint8Array, patches: ReadonlyArray<SpanPatch | undefined>): Buffer {
  const spanType = spanMessage();
  let spanIndex = 0;
  const output: Uint8Array[] = [];
  for (const field of fieldsOf(body, 0, body.length)) {
    if (field.number !== RESOURCE_SPANS_FIELD) {
      output.push(body.subarray(field.start, field.end));
      continue;
    }
    const resourceParts: Uint8Array[] = [];
    for (const resourceField of fieldsOf(body, field.payloadStart, field.end)) {
      if (resourceField.number !== SCOPE_SPANS_FIELD) {
        resourceParts.push(body.subarray(resourceField.start, resourceField.end));
        continue;
      }
      const scopeParts: Uint8Array[] = [];
      for (const scopeField of fieldsOf(body, resourceField.payloadStart, resourceField.end)) {
        if (scopeField.number !== SPANS_FIELD) {
          scopeParts.push(body.subarray(scopeField.start, scopeField.end));
          continue;
        }
        const patch = patches[spanIndex++];
        if (patch === undefined) {
          scopeParts.push(body.subarray(scopeField.start, scopeField.end));
        } else if (patch.kind === 'reencode') {
          scopeParts.push(...lengthDelimited(SPANS_FIELD, [spanType.encode(patch.span).finish()]));
        } else {
          const original = body.subarray(scopeField.payloadStart, scopeField.end);
          scopeParts.push(...lengthDelimited(SPANS_FIELD, [original, appendedBytes(patch)]));
        }
      }
      resourceParts.push(...lengthDelimited(SCOPE_SPANS_FIELD, scopeParts));
    }
    output.push(...lengthDelimited(RESOURCE_SPANS_FIELD, resourceParts));
  }
  if (spanIndex !== patches.length) throw new Error(`the layout has ${spanIndex} spans, the request ${patches.length}`);
  return Buffer.concat(output, size(output));
}
