import type { Attributes, AttributeValue, HrTime, SpanContext, SpanStatus } from '@opentelemetry/api';

/** An event a processor added to a span (the drift processor's `driftwatch.model.changed`). */
export interface AddedEvent {
  readonly name: string;
  readonly attributes: Attributes;
}

const NONE: readonly never[] = Object.freeze([]);

function hrTimeOf(nanos: number): HrTime {
  const seconds = Math.floor(nanos / 1e9);
  return [seconds, Math.round(nanos - seconds * 1e9)];
}

/**
 * A received span as the processors see one in `onEnding`: its attributes (the source's plus the conventions'
 * ones normalization added), ids, status and times, writable. Writes are recorded so they can be applied to the
 * wire span that is forwarded; nothing else of the span changes.
 */
export class GatewaySpan {
  readonly name: string;
  readonly kind: number;
  readonly attributes: Attributes;
  readonly status: SpanStatus;
  readonly parentSpanContext: SpanContext | undefined;
  readonly durationSeconds: number;
  readonly events: readonly never[] = NONE;
  readonly links: readonly never[] = NONE;
  readonly ended = true;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly changes = new Map<string, AttributeValue>();
  readonly addedEvents: AddedEvent[] = [];
  private readonly context: SpanContext;
  private readonly startNanos: number;
  private readonly endNanos: number;

  constructor(options: {
    name: string;
    kind: number;
    attributes: Attributes;
    status: SpanStatus;
    traceId: string;
    spanId: string;
    parentSpanId: string | undefined;
    startNanos: number;
    endNanos: number;
  }) {
    this.name = options.name;
    this.kind = options.kind;
    this.attributes = options.attributes;
    this.status = options.status;
    this.context = { traceId: options.traceId, spanId: options.spanId, traceFlags: 1 };
    this.parentSpanContext =
      options.parentSpanId === undefined
        ? undefined
        : { traceId: options.traceId, spanId: options.parentSpanId, traceFlags: 1 };
    this.startNanos = options.startNanos;
    this.endNanos = options.endNanos;
    this.durationSeconds = Math.max(0, options.endNanos - options.startNanos) / 1e9;
  }

  get startTime(): HrTime {
    return hrTimeOf(this.startNanos);
  }

  get endTime(): HrTime {
    return hrTimeOf(this.endNanos);
  }

  get duration(): HrTime {
    return hrTimeOf(Math.max(0, this.endNanos - this.startNanos));
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value === undefined) return this;
    this.attributes[key] = value;
    this.changes.set(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const [key, value] of Object.entries(attributes)) this.setAttribute(key, value);
    return this;
  }

  addEvent(name: string, attributes?: Attributes): this {
    this.addedEvents.push({ name, attributes: attributes ?? {} });
    return this;
  }

  isRecording(): boolean {
    return true;
  }
}
