// A Node agent instrumented by one of the peers (not Driftwatch), run in its own process so the peer's module hook
// patches `openai` (6.x: the contrib instrumentation supports <7) when it is first required. It sends its spans and
// metrics to OTEL_EXPORTER_OTLP_ENDPOINT (the gateway) and prints the usage the SDK returned.
//   node js-peer-agent.cjs <otel|openinference|traceloop> <mock base URL>
const { SpanKind, context, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BatchLogRecordProcessor, LoggerProvider } = require('@opentelemetry/sdk-logs');
const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');

const [peer, baseURL] = process.argv.slice(2);
const PEERS = {
  // The contrib instrumentation sends content as log events (gen_ai.user.message, gen_ai.choice…) when asked to.
  otel: () =>
    new (require('@opentelemetry/instrumentation-openai').OpenAIInstrumentation)({ captureMessageContent: true }),
  openinference: () => new (require('@arizeai/openinference-instrumentation-openai').OpenAIInstrumentation)(),
  traceloop: () => new (require('@traceloop/instrumentation-openai').OpenAIInstrumentation)(),
};

async function main() {
  const resource = resourceFromAttributes({
    'service.name': `js-agent-${peer}`,
    'deployment.environment.name': 'ci',
    'service.instance.id': 'node-1',
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: 60_000 })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  const instrumentation = PEERS[peer]();
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider?.(meterProvider);
  instrumentation.setLoggerProvider?.(loggerProvider);
  instrumentation.enable();
  const { OpenAI } = require('openai');
  const client = new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 });
  const tracer = tracerProvider.getTracer('js-support-agent');
  const tools = [
    {
      type: 'function',
      function: {
        name: 'lookup_order',
        parameters: {
          type: 'object',
          properties: { order_id: { type: 'string', enum: ['B-7'] } },
          required: ['order_id'],
        },
      },
    },
  ];
  const run = tracer.startSpan('invoke_agent support', {
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support',
      'driftwatch.agent.task.hash': 'order-b7',
      'driftwatch.agent.max_steps': 2,
    },
  });
  const runContext = trace.setSpan(context.active(), run);
  const usage = await context.with(runContext, async () => {
    const messages = [{ role: 'user', content: 'My order B-7 never arrived, can I get a refund?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools });
    const call = first.choices[0].message.tool_calls[0];
    const tool = tracer.startSpan(`execute_tool ${call.function.name}`, {
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': call.function.name },
      kind: SpanKind.INTERNAL,
    });
    tool.end();
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '{"status":"lost"}' });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    return [first.usage, second.usage];
  });
  run.addEvent('driftwatch.outcome', { 'driftwatch.outcome.name': 'answered', 'driftwatch.outcome.value': true });
  run.end();
  // Logs first, so the scores land on the spans too (this test reads them there); content that reaches the gateway
  // after its span is evaluated into the metrics and events only (gateway-late-content.test.ts).
  await loggerProvider.shutdown();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  process.stdout.write(JSON.stringify(usage));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
