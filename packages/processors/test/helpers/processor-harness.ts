import { type DriftwatchProcessorsOptions, driftwatchProcessors } from '@driftwatch/processors';
import { type Attributes, DiagLogLevel, diag, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import {
  type GaugeMetricData,
  type HistogramMetricData,
  MeterProvider,
  type MetricData,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

class CollectingMetricReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface Point {
  attributes: Record<string, unknown>;
  value: number;
}

export interface HistogramPoint {
  attributes: Record<string, unknown>;
  count: number;
  sum: number;
  boundaries: number[];
  counts: number[];
}

/** A real TracerProvider with Driftwatch's processors, an in-memory exporter and a cumulative metric reader. */
export class ProcessorHarness {
  readonly exporter = new InMemorySpanExporter();
  readonly reader = new CollectingMetricReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  readonly processors: SpanProcessor[];
  readonly tracerProvider: TracerProvider;
  private readonly tracer;

  constructor(options: DriftwatchProcessorsOptions = {}, extra: { exporter?: boolean } = {}) {
    this.processors = driftwatchProcessors({ meterProvider: this.meterProvider, ...options });
    const exporting = extra.exporter === false ? [] : [new SimpleSpanProcessor({ exporter: this.exporter })];
    this.tracerProvider = new TracerProvider({ spanProcessors: [...this.processors, ...exporting] });
    this.tracer = this.tracerProvider.getTracer('test');
  }

  /** Starts a span, the child of `parent` when given. */
  start(name: string, attributes: Attributes, parent?: Span, kind = SpanKind.INTERNAL): Span {
    const context = parent === undefined ? ROOT_CONTEXT : trace.setSpan(ROOT_CONTEXT, parent);
    return this.tracer.startSpan(name, { kind, attributes }, context);
  }

  /** One LLM call: started with the request attributes, ended with the response ones; returns it as exported. */
  call(request: Attributes, response: Attributes, parent?: Span): ReadableSpan {
    const span = this.start(`chat ${String(request['gen_ai.request.model'])}`, request, parent, SpanKind.CLIENT);
    span.setAttributes(response);
    span.end();
    return this.finished(span);
  }

  /** The exported copy of an ended span. */
  finished(span: Span): ReadableSpan {
    const { spanId } = span.spanContext();
    const found = this.exporter.getFinishedSpans().find((candidate) => candidate.spanContext().spanId === spanId);
    if (found === undefined) throw new Error(`span ${spanId} was not exported`);
    return found;
  }

  async metric(name: string): Promise<MetricData | undefined> {
    const { resourceMetrics } = await this.reader.collect();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric;
    }
    return undefined;
  }

  /** Counter or gauge points. */
  async points(name: string): Promise<Point[]> {
    const metric = (await this.metric(name)) as SumMetricData | GaugeMetricData | undefined;
    return (metric?.dataPoints ?? []).map((point) => ({ attributes: { ...point.attributes }, value: point.value }));
  }

  /** `driftwatch.telemetry.dropped` of one component and reason. */
  async dropped(component: string, reason: string): Promise<number | undefined> {
    const points = await this.points('driftwatch.telemetry.dropped');
    return points.find(
      (point) =>
        point.attributes['driftwatch.component'] === component && point.attributes['driftwatch.drop.reason'] === reason,
    )?.value;
  }

  async histogram(name: string): Promise<HistogramPoint[]> {
    const metric = (await this.metric(name)) as HistogramMetricData | undefined;
    return (metric?.dataPoints ?? []).map((point) => ({
      attributes: { ...point.attributes },
      count: point.value.count,
      sum: point.value.sum ?? 0,
      boundaries: point.value.buckets.boundaries,
      counts: point.value.buckets.counts,
    }));
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }
}

/** Request attributes of an OpenAI chat call as Driftwatch's instrumentation sets them at start. */
export function openAIChat(model: string): Attributes {
  return { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': model };
}

/** Request attributes of an Anthropic chat call. */
export function anthropicChat(model: string): Attributes {
  return { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': model };
}

/** Sends `diag` messages of level WARN and above to the returned array (until `diag.disable()`). */
export function captureDiag(): string[] {
  const messages: string[] = [];
  const record = (message: string) => messages.push(message);
  diag.setLogger({ error: record, warn: record, info: record, debug: record, verbose: record }, DiagLogLevel.WARN);
  return messages;
}
