// The OpenTelemetry SDK every instrumented variant gets, identical for all of them: a TracerProvider whose batch
// processor feeds an exporter that counts and drops (no I/O), a MeterProvider whose reader only collects when
// asked (at the end of each measurement, outside the timed loop), and the AsyncLocalStorage context manager, all
// registered globally as NodeSDK would. Only the instrumentation (and Driftwatch's processors) differ.
// Loaded with `require`, like the instrumentations, so one (CommonJS) copy of each OpenTelemetry package is in
// the process.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { context, metrics, trace } = require('@opentelemetry/api');
const { AggregationTemporality, MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');

/** Counts the spans it is given and drops them. */
export class CountingSpanExporter {
  spans = 0;
  byName = new Map();

  export(spans, resultCallback) {
    this.spans += spans.length;
    for (const span of spans) {
      const operation = span.attributes['gen_ai.operation.name'] ?? span.attributes['openinference.span.kind'] ?? '?';
      this.byName.set(operation, (this.byName.get(operation) ?? 0) + 1);
    }
    resultCallback({ code: 0 });
  }

  forceFlush() {
    return Promise.resolve();
  }

  shutdown() {
    return Promise.resolve();
  }
}

/** A reader that collects only when asked. Delta temporality: each collection holds one measurement's points. */
class OnDemandMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }

  async onForceFlush() {}
  async onShutdown() {}
}

/** A MeterProvider whose reader only collects when asked; `collect()` returns the points since the last one. */
export function createCollectingMeterProvider() {
  const reader = new OnDemandMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    async collect() {
      const { resourceMetrics } = await reader.collect();
      return countPoints(resourceMetrics);
    },
  };
}

/** What one collection held: data points (series), histogram samples and counter increments, by metric name. */
function countPoints(resourceMetrics) {
  const counts = { points: 0, histogramSamples: 0, names: new Set() };
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      counts.names.add(metric.descriptor.name);
      for (const point of metric.dataPoints) {
        counts.points += 1;
        if (typeof point.value === 'object' && point.value !== null) counts.histogramSamples += point.value.count ?? 0;
      }
    }
  }
  return { points: counts.points, histogramSamples: counts.histogramSamples, names: [...counts.names].sort() };
}

/**
 * Builds and registers the SDK. `spanProcessors` run before the exporting batch processor (Driftwatch's
 * processors go there).
 */
export function startTelemetry({ spanProcessors = [] } = {}) {
  const exporter = new CountingSpanExporter();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = new TracerProvider({
    spanProcessors: [...spanProcessors, new BatchSpanProcessor({ exporter })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const { meterProvider, collect } = createCollectingMeterProvider();
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    tracerProvider,
    meterProvider,
    /** Exports every ended span, then returns how many the exporter has counted so far. */
    async flushedSpanCount() {
      await tracerProvider.forceFlush();
      return exporter.spans;
    },
    /** The metric points recorded since the previous collection. */
    collectMetrics: collect,
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
