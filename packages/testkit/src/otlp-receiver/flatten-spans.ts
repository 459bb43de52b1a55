import type { ReceivedSpan } from '../types';
import type { WireSpan, WireTracesRequest } from './otlp-wire-types';
import { decimalString, enumNumber, hexId, plainAttributes, plainScope } from './wire-values';

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;

const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

function receivedSpan(options: {
  span: WireSpan;
  resource: Record<string, unknown>;
  scope: ReceivedSpan['scope'];
}): ReceivedSpan {
  const { span } = options;
  return {
    traceId: hexId(span.traceId),
    spanId: hexId(span.spanId),
    parentSpanId: hexId(span.parentSpanId),
    traceState: span.traceState ?? '',
    name: span.name ?? '',
    kind: enumNumber(span.kind, SPAN_KIND_NAMES),
    startTimeUnixNano: decimalString(span.startTimeUnixNano),
    endTimeUnixNano: decimalString(span.endTimeUnixNano),
    attributes: plainAttributes(span.attributes),
    events: (span.events ?? []).map((event) => ({
      name: event.name ?? '',
      timeUnixNano: decimalString(event.timeUnixNano),
      attributes: plainAttributes(event.attributes),
    })),
    links: (span.links ?? []).map((link) => ({
      traceId: hexId(link.traceId),
      spanId: hexId(link.spanId),
      attributes: plainAttributes(link.attributes),
    })),
    status: { code: enumNumber(span.status?.code, STATUS_CODE_NAMES), message: span.status?.message ?? '' },
    resource: options.resource,
    scope: options.scope,
  };
}

/** Every span of an export request, each with its resource attributes and scope. */
export function flattenSpans(request: WireTracesRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = plainAttributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) => {
      const scope = plainScope(scopeSpans.scope);
      return (scopeSpans.spans ?? []).map((span) => receivedSpan({ span, resource, scope }));
    });
  });
}
