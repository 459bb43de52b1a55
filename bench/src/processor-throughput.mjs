// In isolation, without the openai SDK: (1) spans per second through Driftwatch's full processor chain, against
// the same SDK without it; (2) what the OpenTelemetry SDK itself charges for the telemetry of one instrumented
// chat call (one span with Driftwatch's attributes and the conventions' three histogram samples), the floor under
// any instrumentation that records it. Both run in a child process, alternating configurations over rounds.
import { createRequire } from 'node:module';
import { spread } from './statistics.mjs';

const require = createRequire(import.meta.url);

const CHAT_START = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': 'api.openai.com',
  'server.port': 443,
  'openai.api.type': 'chat_completions',
  'gen_ai.request.max_tokens': 400,
  'gen_ai.request.temperature': 0.2,
};
const CHAT_END = {
  'gen_ai.response.id': 'chatcmpl-bench',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.response.finish_reasons': ['stop'],
  'openai.response.system_fingerprint': 'fp_bench',
  'openai.response.service_tier': 'default',
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.output_tokens': 170,
};
const METRIC_ATTRIBUTES = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': 'api.openai.com',
  'server.port': 443,
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'openai.response.service_tier': 'default',
  'openai.response.system_fingerprint': 'fp_bench',
};

function cpuMicros(work) {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return used.user + used.system;
}

/** One agent run of synthetic spans: invoke_agent, then chat, execute_tool and chat under it (4 spans). */
function agentRun(tracer, api) {
  const run = tracer.startSpan('invoke_agent support-agent', {
    kind: api.SpanKind.INTERNAL,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent' },
  });
  const parent = api.trace.setSpan(api.ROOT_CONTEXT, run);
  for (const step of ['chat', 'tool', 'chat']) {
    if (step === 'tool') {
      const tool = tracer.startSpan(
        'execute_tool lookup_order',
        { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' } },
        parent,
      );
      tool.end();
    } else {
      const chat = tracer.startSpan('chat gpt-4o-mini', { kind: api.SpanKind.CLIENT, attributes: CHAT_START }, parent);
      chat.setAttributes(CHAT_END);
      chat.end();
    }
  }
  run.end();
}

/** Spans per CPU second with and without Driftwatch's processors; `runs` agent runs (4 spans each) per round. */
export async function measureProcessorThroughput({ runs = 20_000, rounds = 5, evaluation = 'builtin' } = {}) {
  const api = require('@opentelemetry/api');
  const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
  const { builtinEvaluators, driftwatchProcessors } = require('@driftwatch/processors');
  const evaluationOption = evaluation === 'off' && builtinEvaluators !== undefined ? { evaluation: false } : {};
  const { CountingSpanExporter, createCollectingMeterProvider } = await import('./telemetry.mjs');
  const { meterProvider, collect } = createCollectingMeterProvider();
  const setups = {
    sdk: { exporter: new CountingSpanExporter(), processors: () => [] },
    chain: {
      exporter: new CountingSpanExporter(),
      processors: () => driftwatchProcessors({ meterProvider, ...evaluationOption }),
    },
  };
  for (const setup of Object.values(setups)) {
    setup.provider = new TracerProvider({
      spanProcessors: [...setup.processors(), new BatchSpanProcessor({ exporter: setup.exporter })],
    });
    setup.tracer = setup.provider.getTracer('bench-throughput');
    setup.micros = [];
    for (let index = 0; index < runs / 4; index += 1) agentRun(setup.tracer, api);
    await setup.provider.forceFlush();
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? ['sdk', 'chain'] : ['chain', 'sdk']) {
      const setup = setups[name];
      setup.micros.push(
        cpuMicros(() => {
          for (let index = 0; index < runs; index += 1) agentRun(setup.tracer, api);
        }),
      );
      await setup.provider.forceFlush();
    }
  }
  const spansPerRound = runs * 4;
  const perSecond = (micros) => spread(micros.map((value) => (spansPerRound * 1e6) / value));
  const processorMicrosPerSpan = spread(
    setups.chain.micros.map((value, index) => (value - setups.sdk.micros[index]) / spansPerRound),
  );
  const exported = setups.chain.exporter.spans;
  const metrics = await collect();
  for (const setup of Object.values(setups)) await setup.provider.shutdown();
  return {
    spansPerRound,
    rounds,
    sdkSpansPerSecond: perSecond(setups.sdk.micros),
    chainSpansPerSecond: perSecond(setups.chain.micros),
    processorMicrosPerSpan,
    exportedSpans: exported,
    metricPoints: metrics.points,
    spanMix: 'per agent run: invoke_agent, chat, execute_tool, chat (LLM spans with usage, priced model)',
  };
}

/**
 * The OpenTelemetry SDK's own price for one instrumented chat call's telemetry: a span started with the request
 * attributes, given the response attributes and ended (batch processor, dropping exporter), and three histogram
 * samples with the conventions' metric attributes. Nothing of any instrumentation runs.
 */
export async function measureTelemetryFloor({ calls = 100_000, rounds = 5 } = {}) {
  const api = require('@opentelemetry/api');
  const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
  const { CountingSpanExporter, createCollectingMeterProvider } = await import('./telemetry.mjs');
  const provider = new TracerProvider({
    spanProcessors: [new BatchSpanProcessor({ exporter: new CountingSpanExporter() })],
  });
  const tracer = provider.getTracer('bench-floor');
  const meter = createCollectingMeterProvider().meterProvider.getMeter('bench-floor');
  const duration = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's' });
  const tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
  const oneCall = () => {
    const span = tracer.startSpan('chat gpt-4o-mini', { kind: api.SpanKind.CLIENT, attributes: { ...CHAT_START } });
    span.setAttributes({ ...CHAT_END });
    span.end();
    duration.record(0.5, { ...METRIC_ATTRIBUTES });
    tokens.record(1200, { ...METRIC_ATTRIBUTES, 'gen_ai.token.type': 'input' });
    tokens.record(170, { ...METRIC_ATTRIBUTES, 'gen_ai.token.type': 'output' });
  };
  for (let index = 0; index < calls / 5; index += 1) oneCall();
  const micros = [];
  for (let round = 0; round < rounds; round += 1) {
    micros.push(
      cpuMicros(() => {
        for (let index = 0; index < calls; index += 1) oneCall();
      }) / calls,
    );
    await provider.forceFlush();
  }
  await provider.shutdown();
  return { microsPerCall: spread(micros), calls, rounds };
}
