/**
 * OTLP/JSON differs from the protobuf mapping of JSON in a few fields: trace and span ids are hex, not base64,
 * and enums may be given by name. These helpers convert ids both ways and enum names to numbers, walking the
 * request once.
 */

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

const ENUM_NAMES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  kind: {
    SPAN_KIND_UNSPECIFIED: 0,
    SPAN_KIND_INTERNAL: 1,
    SPAN_KIND_SERVER: 2,
    SPAN_KIND_CLIENT: 3,
    SPAN_KIND_PRODUCER: 4,
    SPAN_KIND_CONSUMER: 5,
  },
  code: { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 },
  aggregationTemporality: {
    AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
    AGGREGATION_TEMPORALITY_DELTA: 1,
    AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
  },
};

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Thrown for OTLP/JSON whose ids are not hex: answered 400. */
export class OtlpJsonError extends Error {}

function convertIn(value: unknown, depth: number): unknown {
  if (depth > 64) throw new OtlpJsonError('the request is nested too deeply');
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = convertIn(value[index], depth + 1);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (ID_FIELDS.has(key) && typeof field === 'string') {
      if (!HEX.test(field)) throw new OtlpJsonError(`${key} ${JSON.stringify(field.slice(0, 40))} is not hex`);
      record[key] = Buffer.from(field, 'hex');
    } else if (typeof field === 'string' && ENUM_NAMES[key]?.[field] !== undefined) {
      record[key] = ENUM_NAMES[key][field];
    } else if (typeof field === 'object' && field !== null) {
      convertIn(field, depth + 1);
    }
  }
  return record;
}

/** Parsed OTLP/JSON made ready for protobufjs `fromObject`: hex ids become bytes, enum names numbers. */
export function otlpJsonToProtobufObject(parsed: unknown): unknown {
  return convertIn(parsed, 0);
}

function convertOut(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) convertOut(item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (ID_FIELDS.has(key) && typeof field === 'string') record[key] = Buffer.from(field, 'base64').toString('hex');
    else if (typeof field === 'object' && field !== null) convertOut(field);
  }
}

/** A protobufjs `toObject` result (bytes as base64) turned into OTLP/JSON (ids as hex), in place. */
export function protobufObjectToOtlpJson(object: Record<string, unknown>): Record<string, unknown> {
  convertOut(object);
  return object;
}
