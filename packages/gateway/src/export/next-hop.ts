import type { OtlpContentType, OtlpSignal } from '@driftwatch/otlp-proto';
import { diag } from '@opentelemetry/api';

/** Where and how one signal is sent on: the standard `OTEL_EXPORTER_OTLP_*` variables, read as the SDKs read them. */
export interface NextHop {
  readonly url: string;
  readonly contentType: OtlpContentType;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMillis: number;
}

const DEFAULT_ENDPOINT = 'http://localhost:4318';

function variable(environment: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** `key=value,key2=value2`, values URL-decoded; malformed pairs are skipped. */
export function parseHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of raw?.split(',') ?? []) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    try {
      headers[decodeURIComponent(pair.slice(0, separator).trim())] = decodeURIComponent(
        pair.slice(separator + 1).trim(),
      );
    } catch {
      // A pair that is not URL-encoded text is skipped, as the SDKs do.
    }
  }
  return headers;
}

/** A hop's URL as logs may show it: scheme, host and path (no user info, query or fragment, which may hold a secret). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the configured endpoint';
  }
}

let reportedGrpc = false;

function contentTypeOf(protocol: string | undefined): OtlpContentType {
  if (protocol === 'http/json') return 'application/json';
  if (protocol === 'grpc' && !reportedGrpc) {
    reportedGrpc = true;
    diag.warn('@driftwatch/gateway: OTLP/gRPC out is not supported; sending http/protobuf');
  }
  return 'application/x-protobuf';
}

/** The next hop of a signal from the environment. */
export function nextHopOf(signal: OtlpSignal, environment: NodeJS.ProcessEnv = process.env): NextHop {
  const upper = signal.toUpperCase();
  const specific = variable(environment, `OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`);
  const base = variable(environment, 'OTEL_EXPORTER_OTLP_ENDPOINT') ?? DEFAULT_ENDPOINT;
  const url = specific ?? `${base.replace(/\/+$/, '')}/v1/${signal}`;
  const protocol =
    variable(environment, `OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`) ??
    variable(environment, 'OTEL_EXPORTER_OTLP_PROTOCOL');
  const timeout = Number(
    variable(environment, `OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`) ?? variable(environment, 'OTEL_EXPORTER_OTLP_TIMEOUT'),
  );
  return {
    url,
    contentType: contentTypeOf(protocol),
    headers: {
      ...parseHeaders(variable(environment, 'OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseHeaders(variable(environment, `OTEL_EXPORTER_OTLP_${upper}_HEADERS`)),
    },
    timeoutMillis: Number.isFinite(timeout) && timeout > 0 ? timeout : 10_000,
  };
}
