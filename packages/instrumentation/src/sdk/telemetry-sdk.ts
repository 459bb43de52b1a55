import { logs, metrics, trace } from '@opentelemetry/api';
import { getNumberFromEnv } from '@opentelemetry/core';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { type Sampler, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { logRecordLimitsFromEnvironment, logRecordProcessorsFromEnvironment } from './environment-log-processors';
import { metricReadersFromEnvironment } from './environment-metric-readers';
import { installContextAndPropagation } from './environment-propagation';
import { resourceFromEnvironment } from './environment-resource';

export interface TelemetrySdkOptions {
  readonly instrumentations: Instrumentation[];
  readonly spanProcessors: SpanProcessor[];
  readonly sampler: Sampler;
}

/** `OTEL_SPAN_*` limits, falling back to `OTEL_ATTRIBUTE_*`, as NodeSDK reads them. */
function spanLimitsFromEnvironment() {
  return {
    attributeCountLimit:
      getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT') ?? getNumberFromEnv('OTEL_ATTRIBUTE_COUNT_LIMIT'),
    attributeValueLengthLimit:
      getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') ??
      getNumberFromEnv('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
    eventCountLimit: getNumberFromEnv('OTEL_SPAN_EVENT_COUNT_LIMIT'),
    linkCountLimit: getNumberFromEnv('OTEL_SPAN_LINK_COUNT_LIMIT'),
    attributePerEventCountLimit:
      getNumberFromEnv('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT') ??
      getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT'),
    attributePerLinkCountLimit:
      getNumberFromEnv('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT') ??
      getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT'),
  };
}

/**
 * The OpenTelemetry SDK as NodeSDK assembles it from the `OTEL_*` variables (resource detectors, propagators,
 * context manager, metric readers, log processors, span limits), built from the SDK's own pieces so that only
 * the configured exporter and protocol are loaded: no gRPC, Zipkin, Prometheus or YAML configuration code unless
 * asked for. The span processors and sampler are Driftwatch's.
 */
export class TelemetrySdk {
  readonly tracerProvider: TracerProvider | undefined;
  readonly meterProvider: MeterProvider | undefined;
  readonly loggerProvider: LoggerProvider | undefined;

  constructor(options: TelemetrySdkOptions) {
    installContextAndPropagation();
    const resource = resourceFromEnvironment();
    const readers = metricReadersFromEnvironment();
    if (readers.length > 0) {
      this.meterProvider = new MeterProvider({ resource, readers });
      metrics.setGlobalMeterProvider(this.meterProvider);
    }
    if (options.spanProcessors.length > 0) {
      this.tracerProvider = new TracerProvider({
        resource,
        sampler: options.sampler,
        spanLimits: spanLimitsFromEnvironment(),
        spanProcessors: options.spanProcessors,
      });
      trace.setGlobalTracerProvider(this.tracerProvider);
    }
    const logProcessors = logRecordProcessorsFromEnvironment();
    if (logProcessors.length > 0) {
      this.loggerProvider = new LoggerProvider({
        logRecordLimits: logRecordLimitsFromEnvironment(),
        resource,
        processors: logProcessors,
      });
      logs.setGlobalLoggerProvider(this.loggerProvider);
    }
    registerInstrumentations({
      instrumentations: options.instrumentations,
      tracerProvider: this.tracerProvider,
      meterProvider: this.meterProvider,
      loggerProvider: this.loggerProvider,
    });
  }

  /** Flushes and stops every provider, in parallel as NodeSDK does. */
  async shutdown(): Promise<void> {
    await Promise.all([
      this.tracerProvider?.shutdown(),
      this.loggerProvider?.shutdown(),
      this.meterProvider?.shutdown(),
    ]);
  }
}
