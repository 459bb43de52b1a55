import { type Attributes, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type IdGenerator,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

export const SOURCE_RESOURCE = {
  'service.name': 'python-support-agent',
  'deployment.environment.name': 'staging',
  'service.instance.id': 'instance-7',
};

export interface SpanPlan {
  name: string;
  kind?: SpanKind;
  attributes: Attributes;
  events?: Array<{ name: string; attributes: Attributes }>;
  error?: boolean;
  children?: SpanPlan[];
}

/**
 * A source app that is not Driftwatch: the OTel JS SDK and its real OTLP exporter (protobuf or JSON, gzip or not)
 * sending a planned span tree to `endpoint` in one batch. Children end before their parents, as they do in an agent.
 */
export async function sendSpanTree(options: {
  endpoint: string;
  protocol: 'protobuf' | 'json';
  gzip?: boolean;
  scope: string;
  plan: SpanPlan;
  headers?: Record<string, string>;
  resource?: Record<string, string>;
  /** The source's trace and span ids (default: random), to send a span's logs before it. */
  idGenerator?: IdGenerator;
}) {
  const config = {
    url: `${options.endpoint}/v1/traces`,
    headers: options.headers ?? {},
    ...(options.gzip ? { compression: 'gzip' as const } : {}),
  };
  const exporter = options.protocol === 'protobuf' ? new ProtobufTraceExporter(config) : new JsonTraceExporter(config);
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes(options.resource ?? SOURCE_RESOURCE),
    ...(options.idGenerator === undefined ? {} : { idGenerator: options.idGenerator }),
    spanProcessors: [new BatchSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer(options.scope, '1.0.0');
  const start = (plan: SpanPlan, parentContext = ROOT_CONTEXT) => {
    const span = tracer.startSpan(
      plan.name,
      { kind: plan.kind ?? SpanKind.INTERNAL, attributes: plan.attributes },
      parentContext,
    );
    for (const child of plan.children ?? []) start(child, trace.setSpan(parentContext, span));
    for (const event of plan.events ?? []) span.addEvent(event.name, event.attributes);
    if (plan.error) span.setStatus({ code: 2, message: 'failed' });
    span.end();
  };
  start(options.plan);
  await provider.forceFlush();
  const finished = memory.getFinishedSpans();
  await provider.shutdown();
  return finished;
}
