import { type HrTime, ROOT_CONTEXT, SeverityNumber, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPLogExporter as OTLPJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as OTLPJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OTLPProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export type Protocol = 'protobuf' | 'json';

type ExporterConfig = NonNullable<ConstructorParameters<typeof OTLPProtoTraceExporter>[0]>;

const RESOURCE = resourceFromAttributes({ 'service.name': 'driftwatch-test', 'deployment.environment.name': 'ci' });

function exporterConfig(options: { url: string; gzip?: boolean }): ExporterConfig {
  return { url: options.url, ...(options.gzip ? { compression: 'gzip' as ExporterConfig['compression'] } : {}) };
}

export function hrTimeToNanos(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

/** Exports a parent CLIENT span with a child, both with typed attributes, through the real OTLP exporter. */
export async function exportSampleSpans(options: { endpoint: string; protocol: Protocol; gzip?: boolean }) {
  const config = exporterConfig({ url: `${options.endpoint}/v1/traces`, gzip: options.gzip });
  const exporter =
    options.protocol === 'protobuf' ? new OTLPProtoTraceExporter(config) : new OTLPJsonTraceExporter(config);
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: RESOURCE,
    spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('driftwatch-test-scope', '1.2.3');
  const parent = tracer.startSpan('chat gpt-4o-mini', {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 1234,
      'gen_ai.request.temperature': 0.25,
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'gen_ai.request.stop_sequences': [],
      'driftwatch.big_int': 9_007_199_254_740_991,
    },
  });
  parent.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': 'Hello', index: 2 });
  parent.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  const child = tracer.startSpan(
    'execute_tool lookup',
    { kind: SpanKind.INTERNAL },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.setStatus({ code: SpanStatusCode.OK });
  child.end();
  parent.end();
  await provider.forceFlush();
  const finished: ReadableSpan[] = memory.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

/** Records a histogram with explicit buckets, a counter and a gauge, exported once (at shutdown) by the real exporter. */
export async function exportSampleMetrics(options: { endpoint: string; protocol: Protocol; delta?: boolean }) {
  const url = `${options.endpoint}/v1/metrics`;
  const temporality = options.delta ? { temporalityPreference: AggregationTemporality.DELTA } : {};
  const exporter =
    options.protocol === 'protobuf'
      ? new OTLPProtoMetricExporter({ url, ...temporality })
      : new OTLPJsonMetricExporter({ url, ...temporality });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: RESOURCE, readers: [reader] });
  const meter = provider.getMeter('driftwatch-test-meter', '0.9.0');
  const histogram = meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    description: 'Tokens used',
    advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256] },
  });
  for (const value of [0.5, 3, 3, 20, 100, 1000]) histogram.record(value, { 'gen_ai.token.type': 'input' });
  const counter = meter.createCounter('driftwatch.calls', { unit: '{call}' });
  counter.add(3, { 'gen_ai.request.model': 'gpt-4o-mini' });
  const gauge = meter.createGauge('driftwatch.queue.depth');
  gauge.record(7.5);
  await provider.shutdown();
}

/** Records [1, 2, 4, 8, 0] into an exponential histogram, exported once (at shutdown) by the real exporter. */
export async function exportSampleExponentialHistogram(options: { endpoint: string; protocol: Protocol }) {
  const url = `${options.endpoint}/v1/metrics`;
  const exporter =
    options.protocol === 'protobuf' ? new OTLPProtoMetricExporter({ url }) : new OTLPJsonMetricExporter({ url });
  const provider = new MeterProvider({
    resource: RESOURCE,
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
    views: [{ instrumentName: 'driftwatch.latency', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const histogram = provider.getMeter('driftwatch-test-meter', '0.9.0').createHistogram('driftwatch.latency');
  for (const value of [1, 2, 4, 8, 0]) histogram.record(value);
  await provider.shutdown();
}

/** Emits one event log record tied to a span through the real OTLP log exporter. */
export async function exportSampleLogs(options: { endpoint: string; protocol: Protocol }) {
  const url = `${options.endpoint}/v1/logs`;
  const exporter =
    options.protocol === 'protobuf' ? new OTLPProtoLogExporter({ url }) : new OTLPJsonLogExporter({ url });
  const provider = new LoggerProvider({ resource: RESOURCE, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
  provider.getLogger('driftwatch-test-logger', '4.5.6').emit({
    eventName: 'gen_ai.client.inference.operation.details',
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { message: 'hello', nested: { count: 2, flags: [true, false] } },
    attributes: { 'gen_ai.provider.name': 'openai', 'driftwatch.score': 0.75 },
    context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
  });
  await provider.forceFlush();
  await provider.shutdown();
  return spanContext;
}
