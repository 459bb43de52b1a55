import type { IncomingMessage } from 'node:http';
import { plainHeaders } from '../shared/http-request';

/** Request headers as one string each, with the bearer token and the Anthropic API key redacted. */
export function recordedHeaders(request: IncomingMessage): Record<string, string> {
  const headers = plainHeaders(request);
  if (headers['authorization'] !== undefined) headers['authorization'] = 'Bearer ***';
  if (headers['x-api-key'] !== undefined) headers['x-api-key'] = '***';
  return headers;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false };

export function parseJsonBody(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}
