import { ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT } from '@driftwatch/semconv';
import type { AttributeValue } from '@opentelemetry/api';
import { normalizeSpan } from '../normalize/normalize-span';
import type { ExportRequest } from '../otlp/otlp-codec';
import { applyAttributeChanges, readAttributes, type WireKeyValue, wireValue } from '../otlp/wire-attributes';
import { GatewaySpan } from './gateway-span';
import { processedInProcess, scopeRecordsClientMetrics } from './known-sources';
import { processSpan } from './process-span';
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
  readonly nowMillis: number;
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
  return {
    wire,
    span: new GatewaySpan({
      name,
      kind: wire.kind ?? 0,
      attributes,
      status: { code: wire.status?.code ?? 0, message: wire.status?.message ?? '' },
      traceId: hex(wire.traceId),
      spanId: hex(wire.spanId),
      parentSpanId: parent === '' ? undefined : parent,
      startNanos: nanos(wire.startTimeUnixNano),
      endNanos,
    }),
    events:
      wire.events === undefined || wire.events.length === 0
        ? NO_EVENTS
        : wire.events.map((event) => ({ name: event.name ?? '', attributes: readAttributes(event.attributes) })),
    pipeline: options.pipeline(),
    messages: { input: normalization.inputMessages, output: normalization.outputMessages },
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
export function processTraces(request: ExportRequest, options: ProcessTracesOptions): number {
  let spanCount = 0;
  const entries: ReceivedSpanEntry[] = [];
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
        spanCount += 1;
        const entry = entryOf({
          wire,
          scopeName,
          pipeline: pipelineOf,
          dropSourceAttributes: options.dropSourceAttributes,
        });
        if (entry !== undefined) entries.push(entry);
      }
    }
  }
  const isRun = (entry: ReceivedSpanEntry) =>
    entry.span.attributes[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT;
  const runs = entries.filter(isRun).sort((left, right) => left.endNanos - right.endNanos);
  for (const entry of [...entries.filter((candidate) => !isRun(candidate)), ...runs]) {
    processSpan({ ...entry, nowMillis: options.nowMillis });
  }
  for (const entry of entries) writeBack(entry, options.dropSourceAttributes);
  return spanCount;
}

function writeBack(entry: ReceivedSpanEntry, dropSourceAttributes: boolean): void {
  const { wire, span } = entry;
  let set = entry.added;
  if (span.changes.size > 0) {
    const merged = new Map(entry.added);
    for (const [key, value] of span.changes) merged.set(key, value);
    set = merged;
  }
  const remove = dropSourceAttributes ? entry.sourceKeys : undefined;
  if (set.size > 0 || (remove !== undefined && remove.size > 0)) {
    wire.attributes = applyAttributeChanges({ list: wire.attributes ?? [], set, remove });
  }
  if (span.addedEvents.length > 0) {
    const events = wire.events ?? [];
    for (const event of span.addedEvents) {
      events.push({
        timeUnixNano: wire.endTimeUnixNano,
        name: event.name,
        attributes: Object.entries(event.attributes).flatMap(([key, value]) =>
          value === undefined ? [] : [{ key, value: wireValue(value) }],
        ),
      });
    }
    wire.events = events;
  }
}
