import {
  ATTR_DRIFTWATCH_COMPONENT,
  ATTR_DRIFTWATCH_DROP_REASON,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
} from '@driftwatch/semconv';
import { diag } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { type DropContext, describeDrop } from './drop-wording';
import { metricExportTimeoutMillis } from './export/metric-export';
import { GATEWAY_SCOPE_NAME, GATEWAY_SCOPE_VERSION } from './process/source-pipeline';

/**
 * The gateway's own metrics, under its own `service.name` (`driftwatch-gateway`, never a source's):
 * `driftwatch.telemetry.dropped` for what it had to give up, by component and reason. Each component and reason is
 * logged once, with what was dropped, why and where it is counted; while the gateway stops, drops are summed instead
 * and said once each in {@link shutdownSummary}.
 */
export class GatewayMetrics {
  readonly provider: MeterProvider;
  private readonly dropped;
  private readonly reported = new Set<string>();
  private readonly context: DropContext;
  /** Items dropped since the gateway began to stop, by component and reason; none before. */
  private whileStopping: Map<string, { component: string; reason: string; items: number }> | undefined;

  constructor(options: {
    exporter: PushMetricExporter;
    exportIntervalMillis: number;
    replica: string;
    context: DropContext;
  }) {
    this.context = options.context;
    this.provider = new MeterProvider({
      resource: resourceFromAttributes({
        'service.name': 'driftwatch-gateway',
        'service.instance.id': options.replica,
      }),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: options.exporter,
          exportIntervalMillis: options.exportIntervalMillis,
          exportTimeoutMillis: metricExportTimeoutMillis(options.exportIntervalMillis),
        }),
      ],
    });
    const meter = this.provider.getMeter(GATEWAY_SCOPE_NAME, GATEWAY_SCOPE_VERSION);
    this.dropped = meter.createCounter(METRIC_DRIFTWATCH_TELEMETRY_DROPPED.name, {
      unit: METRIC_DRIFTWATCH_TELEMETRY_DROPPED.unit,
      description: METRIC_DRIFTWATCH_TELEMETRY_DROPPED.description,
    });
  }

  drop(component: string, reason: string, items = 1): void {
    if (items <= 0) return;
    this.dropped.add(items, { [ATTR_DRIFTWATCH_COMPONENT]: component, [ATTR_DRIFTWATCH_DROP_REASON]: reason });
    const key = `${component}/${reason}`;
    if (this.whileStopping !== undefined) {
      const total = this.whileStopping.get(key) ?? { component, reason, items: 0 };
      total.items += items;
      this.whileStopping.set(key, total);
      return;
    }
    if (this.reported.has(key)) return;
    this.reported.add(key);
    diag.warn(
      `@driftwatch/gateway: ${describeDrop({ component, reason, items, context: this.context })}; further drops of this kind are counted there, not logged`,
    );
  }

  /** From now on drops are summed for {@link shutdownSummary} rather than logged. */
  beginShutdown(): void {
    this.whileStopping ??= new Map();
  }

  /** One line per component and reason of what was dropped since the gateway began to stop, with its total. */
  shutdownSummary(): string[] {
    return [...(this.whileStopping?.values() ?? [])].map((total) => describeDrop({ ...total, context: this.context }));
  }
}
