import { type Context, propagation, type TextMapGetter } from '@opentelemetry/api';
import { asRecord, type UnknownRecord } from '../../internal/readers';

const metaGetter: TextMapGetter<UnknownRecord> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

/**
 * The request params with the trace context of `ctx` in `params._meta` (`traceparent`, `tracestate`, `baggage`,
 * unprefixed, as the MCP conventions ask): a copy, the app's object is left alone. Keys the app set win.
 */
export function withPropagatedContext(params: unknown, ctx: Context): unknown {
  const record = asRecord(params);
  if (record === undefined) return params;
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  if (Object.keys(carrier).length === 0) return params;
  return { ...record, _meta: { ...carrier, ...asRecord(record._meta) } };
}

/** The context a server handles a request in: the caller's, from `params._meta`, over the ambient one. */
export function extractedContext(params: unknown, ambient: Context): Context {
  const meta = asRecord(asRecord(params)?._meta);
  return meta === undefined ? ambient : propagation.extract(ambient, meta, metaGetter);
}
