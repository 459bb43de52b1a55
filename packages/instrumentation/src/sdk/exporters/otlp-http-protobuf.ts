/** The OTLP/HTTP protobuf exporters (the default protocol), loaded only when it is the configured one. */
export { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
export { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
export { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
