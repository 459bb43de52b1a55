import { driftwatchProcessors, type EvaluationOptions } from '@driftwatch/processors';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, type MetricData, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';
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

/** One `gen_ai.evaluation.result` event as exported. */
export interface ExportedEvaluation {
  name: unknown;
  score: unknown;
  label: unknown;
  explanation: unknown;
  errorType: unknown;
  traceId: string | undefined;
  spanId: string | undefined;
}

/**
 * An in-process SDK with Driftwatch's processors (evaluation on), registered globally so the agent API and the
 * instrumentations record into it: spans, log records and metrics in memory.
 */
export class EvaluationPipeline {
  readonly spanExporter = new InMemorySpanExporter();
  readonly logExporter = new InMemoryLogRecordExporter();
  readonly loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: this.logExporter })],
  });
  readonly reader = new CollectingMetricReader();
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });
  readonly processors: SpanProcessor[];
  readonly tracerProvider: TracerProvider;
  private readonly contextManager = new AsyncLocalStorageContextManager().enable();

  constructor(evaluation: EvaluationOptions = {}) {
    this.processors = driftwatchProcessors({
      meterProvider: this.meterProvider,
      // A generous sync budget: a cold first call must not defer scores these tests read on spans.
      evaluation: { loggerProvider: this.loggerProvider, syncBudgetMillis: 1000, ...evaluation },
    });
    this.tracerProvider = new TracerProvider({
      spanProcessors: [...this.processors, new SimpleSpanProcessor({ exporter: this.spanExporter })],
    });
    context.setGlobalContextManager(this.contextManager);
    trace.setGlobalTracerProvider(this.tracerProvider);
    metrics.setGlobalMeterProvider(this.meterProvider);
  }

  spans(name?: string): ReadableSpan[] {
    const spans = this.spanExporter.getFinishedSpans();
    return name === undefined ? spans : spans.filter((span) => span.name === name);
  }

  /** Waits for async evaluations, then returns the evaluation events. */
  async evaluations(name?: string): Promise<ExportedEvaluation[]> {
    await this.flush();
    return this.logExporter
      .getFinishedLogRecords()
      .filter((record) => record.eventName === 'gen_ai.evaluation.result')
      .map((record) => ({
        name: record.attributes['gen_ai.evaluation.name'],
        score: record.attributes['gen_ai.evaluation.score.value'],
        label: record.attributes['gen_ai.evaluation.score.label'],
        explanation: record.attributes['gen_ai.evaluation.explanation'],
        errorType: record.attributes['error.type'],
        traceId: record.spanContext?.traceId,
        spanId: record.spanContext?.spanId,
      }))
      .filter((event) => name === undefined || event.name === name);
  }

  async flush(): Promise<void> {
    await Promise.all(this.processors.map((processor) => processor.forceFlush()));
  }

  async metrics(): Promise<MetricData[]> {
    const { resourceMetrics } = await this.reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  }

  /** `driftwatch.evaluation.dropped` of one evaluation and reason (0 when none). */
  async dropped(name: string, reason: string): Promise<number> {
    await this.flush();
    const metric = (await this.metrics()).find((data) => data.descriptor.name === 'driftwatch.evaluation.dropped');
    const point = (metric as SumMetricData | undefined)?.dataPoints.find(
      (candidate) =>
        candidate.attributes['gen_ai.evaluation.name'] === name &&
        candidate.attributes['driftwatch.drop.reason'] === reason,
    );
    return point?.value ?? 0;
  }

  /** Everything exported, as one string: spans (attributes, events), log records and metric points. */
  async everythingExported(): Promise<string> {
    await this.flush();
    const spans = this.spanExporter
      .getFinishedSpans()
      .map((span) => ({ name: span.name, attributes: span.attributes, events: span.events }));
    const logs = this.logExporter
      .getFinishedLogRecords()
      .map((record) => ({ body: record.body, attributes: record.attributes }));
    const points = (await this.metrics()).map((metric) => ({
      name: metric.descriptor.name,
      points: (metric.dataPoints as Array<{ attributes: unknown }>).map((point) => point.attributes),
    }));
    return JSON.stringify({ spans, logs, points });
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
    await this.loggerProvider.shutdown();
    this.contextManager.disable();
    trace.disable();
    metrics.disable();
    context.disable();
  }
}

/** `driftwatch.evaluation.<name>.score` attributes of a span, by name. */
export function scoresOf(span: ReadableSpan | undefined): Record<string, unknown> {
  const scores: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span?.attributes ?? {})) {
    const match = /^driftwatch\.evaluation\.(.+)\.score$/.exec(key);
    if (match?.[1] !== undefined) scores[match[1]] = value;
  }
  return scores;
}
