/**
 * Where each span of a protobuf `ExportTraceServiceRequest` lies in its bytes, found by walking the wire format
 * (tags and lengths only, nothing decoded). The spans are in the order protobufjs decodes them, so the layout and
 * the decoded request line up index by index.
 */

/** One field of a message: its whole bytes `[start, end)` and, for length-delimited fields, its payload. */
export interface FieldRange {
  readonly number: number;
  readonly start: number;
  readonly payloadStart: number;
  readonly end: number;
}

export interface ScopeSpansLayout {
  readonly fields: readonly FieldRange[];
}

export interface ResourceSpansLayout {
  readonly fields: readonly FieldRange[];
}

function readVarint(buffer: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  let multiplier = 1;
  for (let position = offset; position < buffer.length && position < offset + 10; position++) {
    const byte = buffer[position] as number;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return [value, position + 1];
    multiplier *= 128;
  }
  throw new Error('truncated varint');
}

/** The fields of the message in `buffer[start, end)`, in order. Throws on malformed bytes. */
export function fieldsOf(buffer: Uint8Array, start: number, end: number): FieldRange[] {
  const fields: FieldRange[] = [];
  let offset = start;
  while (offset < end) {
    const fieldStart = offset;
    const [tag, afterTag] = readVarint(buffer, offset);
    const number = Math.floor(tag / 8);
    const wireType = tag & 7;
    let payloadStart = afterTag;
    if (wireType === 0) offset = readVarint(buffer, afterTag)[1];
    else if (wireType === 1) offset = afterTag + 8;
    else if (wireType === 5) offset = afterTag + 4;
    else if (wireType === 2) {
      const [length, afterLength] = readVarint(buffer, afterTag);
      payloadStart = afterLength;
      offset = afterLength + length;
    } else throw new Error(`wire type ${wireType} is not supported`);
    if (offset > end) throw new Error('field runs past its message');
    fields.push({ number, start: fieldStart, payloadStart, end: offset });
  }
  return fields;
}
