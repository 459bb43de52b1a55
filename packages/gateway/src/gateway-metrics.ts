import {
  ATTR_DRIFTWATCH_COMPONENT,
  ATTR_DRIFTWATCH_DROP_REASON,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
} from '@driftwatch/semconv';
import { diag } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { GATEWAY_SCOPE_NAME, GATEWAY_SCOPE_VERSION } from './process/source-pipeline';

/**
 * The gateway's own metrics, under its own `service.name` (`driftwatch-gateway`, never a source's):
 * `driftwatch.telemetry.dropped` for what it had to give up, by component and reason, each reason logged once.
 */
export class GatewayMetrics {
  readonly provider: MeterProvider;
  private readonly dropped;
  private readonly reported = new Set<string>();

  constructor(options: { exporter: PushMetricExporter; exportIntervalMillis: number; replica: string }) {
    this.provider = new MeterProvider({
      resource: resourceFromAttributes({
        'service.name': 'driftwatch-gateway',
        'service.instance.id': options.replica,
      }),
      readers: [
        new PeriodicExportingMetricReader({
          exporter: options.exporter,
          exportIntervalMillis: options.exportIntervalMillis,
          exportTimeoutMillis: Math.min(options.exportIntervalMillis, 30_000),
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
    if (this.reported.has(key)) return;
    this.reported.add(key);
    diag.warn(`@driftwatch/gateway: ${component} dropped ${items} item(s): ${reason} (counted from now on)`);
  }
}
