import { type Span, type Tracer, type TracerProvider, trace } from '@opentelemetry/api';

/** A tracer provider that hands out `tracer`, for faking a broken tracing pipeline. */
export function providerOf(tracer: Partial<Tracer>): TracerProvider {
  return { getTracer: () => tracer as Tracer };
}

/** A span whose every method throws: what a broken exporter or processor chain could hand back. */
export function explodingSpan(): Span {
  const real = trace.wrapSpanContext({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  });
  return new Proxy(real, {
    get(target, property) {
      if (property === 'spanContext') return () => target.spanContext();
      return () => {
        throw new Error(`span.${String(property)} exploded`);
      };
    },
  });
}
