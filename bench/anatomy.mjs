// Where the overhead of one chat call comes from: `npm run bench:anatomy` (in bench/). One process, the real
// openai SDK (6.x) over the in-memory transport, and `chat.completions.create` swapped between wrappers that each
// add one layer, alternating in blocks so that machine noise hits every layer alike:
//   context  - the call runs in a context holding a span (what any instrumentation does for nesting)
//   span     - plus one span started and ended, no attributes
//   floor    - plus Driftwatch's span attributes and the conventions' three histogram samples, recorded by hand:
//              the OpenTelemetry SDK's price for the telemetry itself, with no instrumentation logic
//   driftwatch, driftwatch+processors (without and with the sync evaluators) - the real thing
// Options: --rounds <n> (default 20), --block <calls> (default 1500).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { createMemoryFetch } from './src/memory-transport.mjs';
import { startMockServerProcess } from './src/mock-server.mjs';
import { SCENARIOS } from './src/scenarios.mjs';
import { spread } from './src/statistics.mjs';
import { CountingSpanExporter, startTelemetry } from './src/telemetry.mjs';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '20' }, block: { type: 'string', default: '1500' } },
});
const require = createRequire(import.meta.url);
const { context, SpanKind, trace } = require('@opentelemetry/api');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
const { builtinEvaluators, driftwatchProcessors } = require('@driftwatch/processors');
const { OpenAIInstrumentation } = require('@driftwatch/instrumentation');
const openai = require('openai');

const mock = await startMockServerProcess();
const telemetry = startTelemetry();
const providerWith = (processors) =>
  new TracerProvider({
    spanProcessors: [...processors, new BatchSpanProcessor({ exporter: new CountingSpanExporter() })],
  });
const withoutEvaluators = builtinEvaluators === undefined ? {} : { evaluation: false };
const providers = {
  plain: telemetry.tracerProvider,
  processors: providerWith(driftwatchProcessors(withoutEvaluators)),
  evaluators: providerWith(driftwatchProcessors()),
};

const prototype = openai.OpenAI.Chat.Completions.prototype;
const original = prototype.create;
const instrumentation = new OpenAIInstrumentation({ enabled: false });
instrumentation.setMeterProvider(telemetry.meterProvider);
instrumentation.enable();
instrumentation.patch(openai, '6.49.0');
const driftwatch = prototype.create;
prototype.create = original;

const tracer = telemetry.tracerProvider.getTracer('bench-anatomy');
const meter = telemetry.meterProvider.getMeter('bench-anatomy');
const duration = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's' });
const tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
const START = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': '127.0.0.1',
  'server.port': 8787,
  'openai.api.type': 'chat_completions',
  'gen_ai.request.max_tokens': 400,
  'gen_ai.request.temperature': 0.2,
};
const END = {
  'gen_ai.response.id': 'chatcmpl-anatomy',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.response.finish_reasons': ['stop'],
  'openai.response.system_fingerprint': 'fp_anatomy',
  'openai.response.service_tier': 'default',
  'gen_ai.usage.input_tokens': 90,
  'gen_ai.usage.output_tokens': 170,
};
const METRIC = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'server.address': '127.0.0.1',
  'server.port': 8787,
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'openai.response.service_tier': 'default',
  'openai.response.system_fingerprint': 'fp_anatomy',
};

const layers = {
  none: { create: original },
  context: {
    create(body, options) {
      const span = trace.wrapSpanContext(trace.getSpanContext(context.active()) ?? trace.INVALID_SPAN_CONTEXT);
      return context.with(trace.setSpan(context.active(), span), original, this, body, options);
    },
  },
  span: {
    create(body, options) {
      const span = tracer.startSpan('chat');
      const result = context.with(trace.setSpan(context.active(), span), original, this, body, options);
      result.then(() => span.end());
      return result;
    },
  },
  floor: {
    create(body, options) {
      const span = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: { ...START } });
      const result = context.with(trace.setSpan(context.active(), span), original, this, body, options);
      result.then(() => {
        span.setAttributes({ ...END });
        span.end();
        duration.record(0.5, { ...METRIC });
        tokens.record(90, { ...METRIC, 'gen_ai.token.type': 'input' });
        tokens.record(170, { ...METRIC, 'gen_ai.token.type': 'output' });
      });
      return result;
    },
  },
  driftwatch: { create: driftwatch, provider: providers.plain },
  'driftwatch+processors': { create: driftwatch, provider: providers.processors },
  'driftwatch+processors+evaluators': { create: driftwatch, provider: providers.evaluators },
};

const client = new openai.OpenAI({
  apiKey: 'sk-bench-not-a-key',
  baseURL: mock.url,
  maxRetries: 0,
  fetch: createMemoryFetch().fetch,
});
const call = SCENARIOS.chat.prepare({ client, agentApi: undefined });
function use(layer) {
  prototype.create = layer.create;
  if (layer.provider !== undefined) instrumentation.setTracerProvider(layer.provider);
}
async function cpuPerCall(count) {
  const started = process.cpuUsage();
  for (let index = 0; index < count; index += 1) await call();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / count;
}

try {
  const names = Object.keys(layers);
  for (const name of names) {
    use(layers[name]);
    await cpuPerCall(1500);
  }
  const block = Number(values.block);
  const figures = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round += 1) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      use(layers[name]);
      figures[name].push(await cpuPerCall(block));
    }
  }
  console.log(
    `Anatomy of one chat call's overhead: openai ${require('openai/version').VERSION}, in-memory transport, ` +
      `${values.rounds} rounds of ${block} calls per layer, µs CPU per call (median, min..max of the per-round ` +
      `difference to "none" in the same round)${builtinEvaluators === undefined ? '; no evaluators in this build' : ''}`,
  );
  for (const name of names) {
    const added = spread(figures[name].map((value, index) => value - figures.none[index]));
    console.log(
      `  ${name.padEnd(34)} ${spread(figures[name]).median.toFixed(1).padStart(7)}` +
        (name === 'none'
          ? ''
          : `   ${added.median >= 0 ? '+' : ''}${added.median.toFixed(1)} (${added.min.toFixed(0)}..${added.max.toFixed(0)})`),
    );
  }
} finally {
  await mock.close();
}
