import { exportRequestType, type Message, type OtlpContentType, type OtlpSignal } from '@driftwatch/otlp-proto';
import { OtlpJsonError, otlpJsonToProtobufObject, protobufObjectToOtlpJson } from './otlp-json';
import { RESOURCE_LIST_FIELD } from './otlp-signal';

/** An export request as protobufjs decoded it: camelCase fields, ids as bytes, 64-bit integers as Long. */
export type ExportRequest = Message & Record<string, unknown>;

/** The request could not be read as OTLP: answered 400 with this message. */
export class MalformedRequestError extends Error {}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unreadable';
}

/** Decodes one export request; throws {@link MalformedRequestError} with a one-line reason when it is not OTLP. */
export function decodeExportRequest(options: {
  signal: OtlpSignal;
  contentType: OtlpContentType;
  body: Buffer;
}): ExportRequest {
  const type = exportRequestType(options.signal);
  try {
    if (options.contentType === 'application/x-protobuf') return type.decode(options.body) as ExportRequest;
    const text = options.body.toString('utf8');
    const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new MalformedRequestError('the body is not a JSON object');
    }
    const list = (parsed as Record<string, unknown>)[RESOURCE_LIST_FIELD[options.signal]];
    if (list !== undefined && !Array.isArray(list)) {
      throw new MalformedRequestError(`${RESOURCE_LIST_FIELD[options.signal]} must be an array`);
    }
    return type.fromObject(otlpJsonToProtobufObject(parsed) as Record<string, unknown>) as ExportRequest;
  } catch (error) {
    if (error instanceof MalformedRequestError || error instanceof OtlpJsonError) {
      throw new MalformedRequestError(`not an OTLP ${options.signal} request: ${error.message}`);
    }
    throw new MalformedRequestError(`not an OTLP ${options.signal} request: ${firstLine(error)}`);
  }
}

/** Encodes a request in the outgoing protocol. */
export function encodeExportRequest(options: {
  signal: OtlpSignal;
  contentType: OtlpContentType;
  request: ExportRequest;
}): Uint8Array {
  const type = exportRequestType(options.signal);
  if (options.contentType === 'application/x-protobuf') return type.encode(options.request).finish();
  const object = type.toObject(options.request, { longs: String, enums: Number, bytes: String, defaults: false });
  return Buffer.from(JSON.stringify(protobufObjectToOtlpJson(object)));
}

/** The resource-level list of a request (`resourceSpans`, `resourceMetrics` or `resourceLogs`), possibly empty. */
export function resourceList(signal: OtlpSignal, request: ExportRequest): Array<Record<string, unknown>> {
  const list = request[RESOURCE_LIST_FIELD[signal]];
  return Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
}
