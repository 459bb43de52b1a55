/** The OTLP/HTTP JSON exporters, loaded only when `http/json` is the configured protocol. */
export { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
export { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
export { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
