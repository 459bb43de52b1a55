import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import type { AttributeValue } from '@opentelemetry/api';
import { normalizeSpan } from '../normalize/normalize-span';
import type { ExportRequest } from '../otlp/otlp-codec';
import type { SpanPatch } from '../otlp/splice-traces';
import { applyAttributeChanges, readAttributes, type WireKeyValue, wireValue } from '../otlp/wire-attributes';
import type { AwaitingContent } from './awaiting-content';
import { GatewaySpan } from './gateway-span';
import { processedInProcess, scopeRecordsClientMetrics } from './known-sources';
import { isWhole, type PendingContent, type SpanMessages } from './pending-content';
import { processSpan } from './process-span';
import { redactedContentAttributes, redactedContentValues } from './redact-content';
import type { ReceivedEvent } from './run-signals';
import type { SourcePipeline } from './source-pipeline';
import type { SourceRegistry } from './source-registry';
import type { RebuiltMessages } from './span-content';

type WireLong = number | { toNumber(): number } | null | undefined;

interface WireEvent {
  timeUnixNano?: WireLong;
  name?: string;
  attributes?: WireKeyValue[];
}

interface WireSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  parentSpanId?: Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: WireLong;
  endTimeUnixNano?: WireLong;
  attributes?: WireKeyValue[];
  events?: WireEvent[];
  status?: { code?: number; message?: string } | null;
}

const NO_EVENTS: readonly ReceivedEvent[] = [];

function nanos(value: WireLong): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function hex(bytes: Uint8Array | readonly number[] | undefined): string {
  if (bytes === undefined || bytes === null || bytes.length === 0) return '';
  return bytes instanceof Uint8Array
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
    : Buffer.from(bytes).toString('hex');
}

export interface ProcessTracesOptions {
  readonly sources: SourceRegistry;
  readonly dropSourceAttributes: boolean;
  readonly pending: PendingContent;
  readonly awaiting: AwaitingContent;
  readonly nowMillis: number;
  /** Redact credentials in the content attributes of the spans forwarded (evaluators still read them as received). */
  readonly redactContent: boolean;
  /** Told when redacting a span's content failed: the span is forwarded with its content as received. */
  readonly onRedactionFailed: (error: unknown) => void;
}

/**
 * Normalizes and processes every span of an export request in place: conventions attributes added, processor
 * attributes and events written back, source attributes removed when asked. Spans Driftwatch processed in-process
 * pass untouched. Ids, resource, scope, times, links and the other events stay as received.
 */
interface ReceivedSpanEntry {
  readonly wire: WireSpan;
  readonly span: GatewaySpan;
  readonly events: readonly ReceivedEvent[];
  readonly pipeline: SourcePipeline;
  readonly messages: RebuiltMessages;
  /** Logged content that came before the span but is not whole yet: the rest is awaited. */
  readonly partialContent: SpanMessages | undefined;
  readonly awaiting: AwaitingContent;
  readonly recordsClientMetrics: boolean;
  readonly added: ReadonlyMap<string, AttributeValue>;
  readonly sourceKeys: ReadonlySet<string>;
  readonly endNanos: number;
}

function entryOf(options: {
  wire: WireSpan;
  scopeName: string;
  pipeline: () => SourcePipeline;
  dropSourceAttributes: boolean;
  pending: PendingContent;
  awaiting: AwaitingContent;
}): ReceivedSpanEntry | undefined {
  const { wire, scopeName } = options;
  const attributes = readAttributes(wire.attributes);
  if (processedInProcess(scopeName, attributes)) return undefined;
  const name = wire.name ?? '';
  const normalization = normalizeSpan(attributes, name);
  if (options.dropSourceAttributes) normalization.addMessageAttributes();
  for (const [key, value] of normalization.added) attributes[key] = value;
  const parent = hex(wire.parentSpanId);
  const endNanos = nanos(wire.endTimeUnixNano);
  const traceId = hex(wire.traceId);
  const spanId = hex(wire.spanId);
  // Content sent in log events before the span (contrib instrumentations) goes to its evaluators once whole.
  const logged = options.pending.size > 0 ? options.pending.take(`${traceId}/${spanId}`) : undefined;
  const whole = logged !== undefined && isWhole(logged, attributes[ATTR_ERROR_TYPE] !== undefined) ? logged : undefined;
  return {
    wire,
    span: new GatewaySpan({
      name,
      kind: wire.kind ?? 0,
      attributes,
      status: { code: wire.status?.code ?? 0, message: wire.status?.message ?? '' },
      traceId,
      spanId,
      parentSpanId: parent === '' ? undefined : parent,
      startNanos: nanos(wire.startTimeUnixNano),
      endNanos,
    }),
    events:
      wire.events === undefined || wire.events.length === 0
        ? NO_EVENTS
        : wire.events.map((event) => ({ name: event.name ?? '', attributes: readAttributes(event.attributes) })),
    pipeline: options.pipeline(),
    messages: {
      input: normalization.inputMessages ?? whole?.input,
      output: normalization.outputMessages ?? whole?.output,
    },
    partialContent: whole === undefined ? logged : undefined,
    awaiting: options.awaiting,
    recordsClientMetrics: scopeRecordsClientMetrics(scopeName),
    added: normalization.added,
    sourceKeys: normalization.sourceKeysRead,
    endNanos,
  };
}

/**
 * Normalizes and processes every span of an export request in place: conventions attributes added, processor
 * attributes and events written back, source attributes removed when asked. Spans Driftwatch processed in-process
 * pass untouched. Ids, resource, scope, times, links and the other events stay as received. Within a request,
 * runs are rolled up after every other span, innermost (earliest ended) first, whatever the order they came in.
 */
/** What processing a traces request produced: the span count and each span's patch, in request order. */
export interface ProcessedTraces {
  readonly spans: number;
  readonly patches: ReadonlyArray<SpanPatch | undefined>;
  /** Writes the appended attributes and events into the decoded request too (for a full re-encode). */
  applyToRequest(): void;
}

export function processTraces(request: ExportRequest, options: ProcessTracesOptions): ProcessedTraces {
  const entries: ReceivedSpanEntry[] = [];
  const positions: Array<ReceivedSpanEntry | undefined> = [];
  const resourceSpans = (request.resourceSpans ?? []) as Array<{
    resource?: { attributes?: WireKeyValue[] } | null;
    scopeSpans?: Array<{ scope?: { name?: string } | null; spans?: WireSpan[] }>;
  }>;
  for (const resourceSpan of resourceSpans) {
    let pipeline: SourcePipeline | undefined;
    const pipelineOf = () => {
      pipeline ??= options.sources.pipelineFor(readAttributes(resourceSpan.resource?.attributes));
      return pipeline;
    };
    for (const scopeSpan of resourceSpan.scopeSpans ?? []) {
      const scopeName = scopeSpan.scope?.name ?? '';
      for (const wire of scopeSpan.spans ?? []) {
        const entry = entryOf({
          wire,
          scopeName,
          pipeline: pipelineOf,
          dropSourceAttributes: options.dropSourceAttributes,
          pending: options.pending,
          awaiting: options.awaiting,
        });
        positions.push(entry);
        if (entry !== undefined) entries.push(entry);
      }
    }
  }
  const isRun = (entry: ReceivedSpanEntry) =>
    entry.span.attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT;
  const runs = entries.filter(isRun).sort((left, right) => left.endNanos - right.endNanos);
  const { nowMillis } = options;
  for (const entry of entries) if (!isRun(entry)) processSpan(entry, nowMillis);
  for (const entry of runs) processSpan(entry, nowMillis);
  const patches = positions.map((entry) => (entry === undefined ? undefined : patchOf(entry, options)));
  return {
    spans: positions.length,
    patches,
    applyToRequest() {
      patches.forEach((patch, index) => {
        const wire = positions[index]?.wire;
        if (patch?.kind === 'append' && wire !== undefined) applyAppend(wire, patch);
      });
    },
  };
}

function eventsOf(wire: WireSpan, span: GatewaySpan): WireEvent[] {
  return span.addedEvents.map((event) => ({
    timeUnixNano: wire.endTimeUnixNano,
    name: event.name,
    attributes: Object.entries(event.attributes).flatMap(([key, value]) =>
      value === undefined ? [] : [{ key, value: wireValue(value) }],
    ),
  }));
}

/** The span's content redacted: its received attributes (undefined when none changed) and what is written. */
function redactedContent(
  original: readonly WireKeyValue[],
  set: ReadonlyMap<string, AttributeValue>,
  options: ProcessTracesOptions,
): { received: WireKeyValue[] | undefined; set: ReadonlyMap<string, AttributeValue> } {
  if (!options.redactContent) return { received: undefined, set };
  try {
    return { received: redactedContentAttributes(original), set: redactedContentValues(set) };
  } catch (error) {
    options.onRedactionFailed(error);
    return { received: undefined, set };
  }
}

/**
 * What changed on a span: new attributes and events to append, or (when an attribute the span had was replaced,
 * its content redacted, or source attributes are dropped) the span re-encoded from its decoded form, changed here.
 */
function patchOf(entry: ReceivedSpanEntry, options: ProcessTracesOptions): SpanPatch | undefined {
  const { wire, span } = entry;
  let changed = entry.added;
  if (span.changes.size > 0) {
    const merged = new Map(entry.added);
    for (const [key, value] of span.changes) merged.set(key, value);
    changed = merged;
  }
  const original = wire.attributes ?? [];
  const redacted = redactedContent(original, changed, options);
  const set = redacted.set;
  const remove = options.dropSourceAttributes && entry.sourceKeys.size > 0 ? entry.sourceKeys : undefined;
  const events = eventsOf(wire, span);
  if (set.size === 0 && remove === undefined && events.length === 0 && redacted.received === undefined)
    return undefined;
  const replaces =
    redacted.received !== undefined ||
    remove !== undefined ||
    original.some((entry) => typeof entry?.key === 'string' && set.has(entry.key));
  if (!replaces) return { kind: 'append', attributes: set, events };
  wire.attributes = applyAttributeChanges({ list: redacted.received ?? original, set, remove });
  if (events.length > 0) wire.events = [...(wire.events ?? []), ...events];
  return { kind: 'reencode', span: wire };
}

function applyAppend(wire: WireSpan, patch: Extract<SpanPatch, { kind: 'append' }>): void {
  const attributes = wire.attributes ?? [];
  for (const [key, value] of patch.attributes) attributes.push({ key, value: wireValue(value) });
  wire.attributes = attributes;
  if (patch.events.length > 0) wire.events = [...(wire.events ?? []), ...(patch.events as WireEvent[])];
}
