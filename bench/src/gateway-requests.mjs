import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Distinct OTLP/protobuf export requests of OpenInference-shaped agent runs (an agent span, three LLM calls and a
 * tool call each), made with the OTel SDK and its protobuf serializer. With `secrets`, every prompt holds an API key;
 * `promptChars` pads each prompt with that many characters of ordinary text (a system prompt, a retrieved document).
 */
export function exportRequests({ count, spansPerRequest, secrets = false, promptChars = 0 }) {
  const context = 'The customer ordered two chairs and a table; delivery is due on Friday. '
    .repeat(Math.ceil(promptChars / 72))
    .slice(0, promptChars);
  const pasted = `${secrets ? ' My key is sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.' : ''}${context}`;
  const { ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');
  const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
  const { resourceFromAttributes } = require('@opentelemetry/resources');
  const { ROOT_CONTEXT, SpanKind, trace } = require('@opentelemetry/api');
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'deployment.environment.name': 'bench' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('openinference.instrumentation.openai', '0.1.66');
  const requests = [];
  for (let request = 0; request < count; request++) {
    memory.reset();
    for (let run = 0; run < spansPerRequest / 5; run++) {
      const agent = tracer.startSpan('agent', {
        attributes: { 'openinference.span.kind': 'AGENT', 'agent.name': 'bench' },
      });
      const context = trace.setSpan(ROOT_CONTEXT, agent);
      for (let call = 0; call < 3; call++) {
        const input = 400 + ((request * 31 + run * 7 + call) % 2000);
        tracer
          .startSpan(
            'ChatCompletion',
            {
              kind: SpanKind.CLIENT,
              attributes: {
                'openinference.span.kind': 'LLM',
                'llm.provider': 'openai',
                'llm.system': 'openai',
                'llm.model_name': 'gpt-4o-mini-2024-07-18',
                'llm.invocation_parameters': '{"model":"gpt-4o-mini","temperature":0.2}',
                'llm.token_count.prompt': input,
                'llm.token_count.completion': 120,
                'llm.token_count.total': input + 120,
                'llm.token_count.prompt_details.cache_read': call === 2 ? 256 : 0,
                'llm.input_messages.0.message.role': 'user',
                'llm.input_messages.0.message.content': `Where is order ${run}?${pasted}`,
                'llm.output_messages.0.message.role': 'assistant',
                'llm.output_messages.0.message.content': `Order ${run} ships tomorrow.`,
              },
            },
            context,
          )
          .end();
      }
      tracer
        .startSpan(
          'lookup_order',
          { attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup_order' } },
          context,
        )
        .end();
      agent.end();
    }
    requests.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())));
  }
  return requests;
}
