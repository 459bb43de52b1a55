import { OpenAIInstrumentation, type OpenAIInstrumentationConfig } from '@driftwatch/instrumentation';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  type HistogramMetricData,
  MeterProvider,
  type MetricData,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** Delta temporality, so each collection holds what happened since the previous one (each test starts at zero). */
class CollectingMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }

  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface HistogramPoint {
  attributes: Record<string, unknown>;
  count: number;
  sum: number;
  boundaries: number[];
}

/** An in-process SDK: spans kept in memory, metrics collected on demand, one OpenAI instrumentation. */
export class InMemoryTelemetry {
  readonly spanExporter = new InMemorySpanExporter();
  readonly tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: this.spanExporter })],
  });
  readonly metricReader = new CollectingMetricReader();
  readonly meterProvider = new MeterProvider({ readers: [this.metricReader] });
  readonly instrumentation: OpenAIInstrumentation;
  private readonly contextManager = new AsyncLocalStorageContextManager().enable();

  constructor(config: OpenAIInstrumentationConfig = {}) {
    context.setGlobalContextManager(this.contextManager);
    trace.setGlobalTracerProvider(this.tracerProvider);
    metrics.setGlobalMeterProvider(this.meterProvider);
    this.instrumentation = new OpenAIInstrumentation(config);
    this.instrumentation.setTracerProvider(this.tracerProvider);
    this.instrumentation.setMeterProvider(this.meterProvider);
  }

  spans(): ReadableSpan[] {
    return this.spanExporter.getFinishedSpans();
  }

  /** Every data point of one metric, by name. */
  async metric(name: string): Promise<MetricData | undefined> {
    const { resourceMetrics } = await this.metricReader.collect();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric;
    }
    return undefined;
  }

  /** Several counters from one collection (each collection resets the delta reader). */
  async counters(...names: string[]): Promise<Array<Array<{ attributes: Record<string, unknown>; value: number }>>> {
    const { resourceMetrics } = await this.metricReader.collect();
    const found = new Map<string, SumMetricData>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) found.set(metric.descriptor.name, metric as SumMetricData);
    }
    return names.map((name) =>
      (found.get(name)?.dataPoints ?? []).map((point) => ({ attributes: { ...point.attributes }, value: point.value })),
    );
  }

  async histogram(name: string): Promise<HistogramPoint[]> {
    const metric = (await this.metric(name)) as HistogramMetricData | undefined;
    return (metric?.dataPoints ?? []).map((point) => ({
      attributes: { ...point.attributes },
      count: point.value.count,
      sum: point.value.sum,
      boundaries: point.value.buckets.boundaries,
    }));
  }

  async counter(name: string): Promise<Array<{ attributes: Record<string, unknown>; value: number }>> {
    const metric = (await this.metric(name)) as SumMetricData | undefined;
    return (metric?.dataPoints ?? []).map((point) => ({ attributes: { ...point.attributes }, value: point.value }));
  }

  async reset(): Promise<void> {
    this.spanExporter.reset();
    await this.metricReader.collect();
  }

  async shutdown(): Promise<void> {
    this.instrumentation.disable();
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    this.contextManager.disable();
    trace.disable();
    metrics.disable();
    context.disable();
  }
}
