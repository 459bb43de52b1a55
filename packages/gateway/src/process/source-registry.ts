import type { Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { CountedBatchLogProcessor } from '../export/counted-log-processor';
import { metricExportTimeoutMillis } from '../export/metric-export';
import { SourcePipeline } from './source-pipeline';
import type { SpanBudget } from './trace-state';

/** The resource attributes that identify a source app and that its derived metrics carry. */
const SOURCE_IDENTITY = [
  'service.name',
  'service.namespace',
  'service.instance.id',
  'deployment.environment.name',
  'deployment.environment',
] as const;

export interface SourceRegistryOptions {
  readonly createExporter: () => PushMetricExporter;
  /** The exporter of a source's evaluation events; none: the gateway emits no events. */
  readonly createLogExporter?: () => LogRecordExporter;
  /** Told of evaluation events given up: the source's queue was full, or their export failed. */
  readonly onEventsDropped?: (reason: 'queue_full' | 'export_failed', records: number) => void;
  readonly exportIntervalMillis: number;
  readonly maxSources: number;
  readonly maxTraces: number;
  readonly maxTraceSpans: number;
  readonly maxTraceAgeMillis: number;
  /** Spans held for roll-ups by all sources together. */
  readonly maxHeldSpans: number;
  readonly repeatWindowMillis: number;
  /** Told when a source is forgotten to make room for a new one. */
  readonly onEvicted: () => void;
}

interface Source {
  readonly pipeline: SourcePipeline;
  readonly provider: MeterProvider;
  readonly loggerProvider: LoggerProvider | undefined;
}

/** Flushes and stops a source's providers (its last metrics and events sent). */
async function closeProviders(source: Source): Promise<void> {
  await Promise.allSettled([source.provider.shutdown(), source.loggerProvider?.shutdown()]);
}

/**
 * One {@link SourcePipeline} per source app, created on its first span and bounded in number: beyond
 * `maxSources`, the least recently seen source is flushed and forgotten.
 */
export class SourceRegistry {
  private readonly sources = new Map<string, Source>();
  private readonly options: SourceRegistryOptions;
  private readonly closing = new Set<Promise<void>>();
  private readonly spanBudget: SpanBudget;

  constructor(options: SourceRegistryOptions) {
    this.options = options;
    this.spanBudget = { used: 0, max: options.maxHeldSpans };
  }

  pipelineFor(resource: Attributes): SourcePipeline {
    const identity: Attributes = {};
    for (const key of SOURCE_IDENTITY) if (typeof resource[key] === 'string') identity[key] = resource[key];
    identity['service.name'] ??= 'unknown_service';
    const key = JSON.stringify(SOURCE_IDENTITY.map((name) => identity[name] ?? null));
    const known = this.sources.get(key);
    if (known !== undefined) {
      this.sources.delete(key);
      this.sources.set(key, known);
      return known.pipeline;
    }
    const { options } = this;
    const provider = new MeterProvider({
      resource: resourceFromAttributes(identity),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: options.createExporter(),
          exportIntervalMillis: options.exportIntervalMillis,
          exportTimeoutMillis: metricExportTimeoutMillis(options.exportIntervalMillis),
        }),
      ],
    });
    const loggerProvider =
      options.createLogExporter === undefined
        ? undefined
        : new LoggerProvider({
            resource: resourceFromAttributes(identity),
            processors: [
              new CountedBatchLogProcessor({
                exporter: options.createLogExporter(),
                maxQueueSize: 8192,
                maxExportBatchSize: 512,
                scheduledDelayMillis: Math.min(options.exportIntervalMillis, 1000),
                exportTimeoutMillis: 30_000,
                onDropped: (reason, records) => options.onEventsDropped?.(reason, records),
              }),
            ],
          });
    const pipeline = new SourcePipeline({
      meterProvider: provider,
      loggerProvider,
      spanBudget: this.spanBudget,
      ...options,
    });
    this.sources.set(key, { pipeline, provider, loggerProvider });
    while (this.sources.size > options.maxSources) this.evictOldest();
    return pipeline;
  }

  get size(): number {
    return this.sources.size;
  }

  /** Exports every source's final metrics and events and stops their providers. */
  async shutdown(): Promise<void> {
    const all = [...this.sources.values()];
    this.sources.clear();
    await Promise.allSettled([
      ...all.map(async (source) => {
        await source.pipeline.shutdown();
        await closeProviders(source);
      }),
      ...this.closing,
    ]);
  }

  private evictOldest(): void {
    const first = this.sources.entries().next().value;
    if (first === undefined) return;
    this.sources.delete(first[0]);
    this.options.onEvicted();
    const closing = closeProviders(first[1]);
    this.closing.add(closing);
    void closing.finally(() => this.closing.delete(closing));
  }
}
