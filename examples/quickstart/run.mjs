// Runs app.mjs with Driftwatch's one line against the testkit's mock LLM, receives its OTLP export, and prints
// the spans and metrics that left the process: what Tempo and Prometheus would get.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';

const llm = await startMockLlmServer();
const receiver = await startOtlpReceiver();
const app = fileURLToPath(new URL('./app.mjs', import.meta.url));

console.log('$ node --import @driftwatch/instrumentation/register app.mjs\n');
const exitCode = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', '@driftwatch/instrumentation/register', app], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'sk-demo-not-a-real-key',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'lead-qualifier',
      // The mock is not api.openai.com, where stream usage is asked for by default: opt it in.
      DRIFTWATCH_STREAM_USAGE: 'always',
    },
  });
  child.on('exit', (code) => resolve(code ?? 1));
});

await receiver.waitFor((current) => current.spans().length >= 5 && current.metrics().length > 0);
const seconds = (span) => Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e9;
const SHOWN = [
  'gen_ai.request.model',
  'gen_ai.response.model',
  'openai.response.system_fingerprint',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.response.finish_reasons',
  'gen_ai.response.time_to_first_chunk',
  'error.type',
];

console.log(`\nSpans received over OTLP (${receiver.spans().length}):`);
for (const span of receiver.spans()) {
  const status = span.status.code === 2 ? '  ERROR' : '';
  console.log(`  ${span.name.padEnd(36)} ${(seconds(span) * 1000).toFixed(1).padStart(7)} ms${status}`);
  for (const key of SHOWN) {
    if (span.attributes[key] !== undefined) console.log(`      ${key} = ${JSON.stringify(span.attributes[key])}`);
  }
}

console.log('\nMetrics received over OTLP:');
const totals = new Map();
for (const point of receiver.metrics()) {
  const label = point.attributes['gen_ai.token.type'] ?? point.attributes['error.type'] ?? '';
  const key = `${point.name}${label ? ` {${label}}` : ''}`;
  const entry = totals.get(key) ?? { count: 0, sum: 0, unit: point.unit, histogram: point.count !== undefined };
  entry.count += point.count ?? 0;
  entry.sum += point.sum ?? point.value ?? 0;
  totals.set(key, entry);
}
/** Six significant digits: a call's cost ($0.000135) shows as it is, never rounded to 0. */
const shown = (value) => (Number.isInteger(value) ? value : Number(value.toPrecision(6)));
for (const [key, { count, sum, unit, histogram }] of totals) {
  console.log(`  ${key.padEnd(58)} ${histogram ? `count=${count} ` : ''}sum=${shown(sum)} ${unit}`);
}

await receiver.close();
await llm.close();
process.exit(exitCode);
