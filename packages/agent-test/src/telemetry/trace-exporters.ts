import { diag } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';

function listFromEnvironment(name: string, fallback: string): string[] {
  const raw = process.env[name]?.trim();
  return (raw === undefined || raw === '' ? fallback : raw)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The user's own trace export, as `OTEL_TRACES_EXPORTER` asks (`otlp` by default over `http/protobuf` or
 * `http/json`, `console`, `none`); the exporters read their `OTEL_EXPORTER_OTLP_*` variables themselves.
 */
export function userTraceExporters(): SpanProcessor[] {
  const names = listFromEnvironment('OTEL_TRACES_EXPORTER', 'otlp');
  if (names.includes('none')) return [];
  const protocol =
    process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() || process.env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim();
  const processors: SpanProcessor[] = [];
  for (const name of names) {
    if (name === 'otlp') {
      const exporter = protocol === 'http/json' ? new OTLPJsonTraceExporter() : new OTLPProtobufTraceExporter();
      processors.push(new BatchSpanProcessor({ exporter }));
    } else if (name === 'console') {
      processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
    } else {
      diag.warn(`driftwatch-test: unsupported OTEL_TRACES_EXPORTER value "${name}"`);
    }
  }
  return processors;
}
