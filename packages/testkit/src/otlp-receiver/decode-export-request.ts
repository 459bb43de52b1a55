import { gunzipSync, inflateSync } from 'node:zlib';
import { exportRequestType, type OtlpContentType, type OtlpSignal } from '@driftwatch/otlp-proto';

/** The body with its `content-encoding` (gzip, deflate or none) undone. */
export function decodeContentEncoding(options: { body: Buffer; encoding: string | undefined }): Buffer {
  const encoding = options.encoding?.trim().toLowerCase() ?? 'identity';
  if (encoding === 'gzip') return gunzipSync(options.body);
  if (encoding === 'deflate') return inflateSync(options.body);
  if (encoding === 'identity' || encoding === '') return options.body;
  throw new Error(`Unsupported content-encoding '${encoding}'`);
}

/** The export request as plain camelCase objects (see otlp-wire-types); throws when the body does not decode. */
export function decodeExportRequest(options: { signal: OtlpSignal; contentType: OtlpContentType; body: Buffer }) {
  if (options.contentType === 'application/json') {
    const text = options.body.toString('utf8');
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  }
  const type = exportRequestType(options.signal);
  return type.toObject(type.decode(options.body), { longs: String, enums: Number, defaults: false, arrays: true });
}
