/** The two encodings of OTLP/HTTP. */
export type OtlpContentType = 'application/x-protobuf' | 'application/json';

/** The OTLP content type named by a `content-type` header, parameters ignored; undefined for anything else. */
export function otlpContentType(header: string | undefined): OtlpContentType | undefined {
  const mediaType = header?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/x-protobuf' || mediaType === 'application/json' ? mediaType : undefined;
}
