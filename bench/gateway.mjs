// The gateway end to end, in its own process as users run it: OTLP/protobuf export requests of GenAI spans
// (OpenInference-shaped agent runs: an agent span, three LLM calls and a tool call each) decoded, normalized,
// processed by every processor (cost, pinning and drift, context fill, quality evaluators, run roll-ups, derived
// metrics), encoded and exported to a sink. Reports GenAI spans per CPU-second of the gateway process, its memory
// over the run, and the latency it adds at half of that capacity. `--no-redact-content` runs the gateway without
// redacting credentials in content (its cost is the difference); `--secrets` puts an API key in every prompt, so
// every LLM span is redacted and re-encoded rather than spliced.
//
//   node bench/gateway.mjs [--spans 200000] [--batch 500] [--latency-requests 200] [--no-redact-content] [--secrets]
//   node bench/gateway.mjs --spans 10000000        (memory over ten million spans; takes a while)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportRequests } from './src/gateway-requests.mjs';
import { quantile } from './src/statistics.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_SPANS_PER_CPU_SECOND = 25_000;

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '500' },
    'latency-requests': { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    'redact-content': { type: 'boolean', default: true },
    secrets: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const totalSpans = Number(values.spans);
const batchSpans = Number(values.batch);
const latencyRequests = Number(values['latency-requests']);

/** The next hop: answers every export 200 and notes when each traces export arrived. */
async function startSink() {
  const arrivals = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/traces') arrivals.push(performance.now());
      response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}`, arrivals, close: () => server.close() };
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function processUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMiB: rssKiB / 1024 };
}

const refusals = { count: 0 };

/** Sends one export; on 503 (the gateway's queue to the next hop is full) waits and retries, as a Collector does. */
async function post(url, body) {
  for (;;) {
    const response = await fetch(`${url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body,
    });
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (response.status !== 503) throw new Error(`gateway answered ${response.status}`);
    refusals.count += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main() {
  const requests = exportRequests({ count: 20, spansPerRequest: batchSpans, secrets: values.secrets });
  const latencyBatch = 50;
  const latencyRequest = exportRequests({ count: 1, spansPerRequest: latencyBatch, secrets: values.secrets })[0];
  const sink = await startSink();
  const gateway = spawn(
    process.execPath,
    [
      join(root, 'packages/gateway/dist/cli.js'),
      '--port',
      '0',
      ...(values['redact-content'] ? [] : ['--no-redact-content']),
    ],
    {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_METRIC_EXPORT_INTERVAL: '10000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  process.on('exit', () => gateway.kill('SIGTERM'));
  let output = '';
  gateway.stdout.on('data', (chunk) => {
    output += chunk;
  });
  while (!/listening on (\S+)/.test(output)) await new Promise((resolve) => setTimeout(resolve, 20));
  const url = /listening on (\S+)/.exec(output)[1];

  // Warm-up, then throughput: four senders in parallel, as a Collector's exporter queue would.
  for (let index = 0; index < 20; index++) await post(url, requests[index % requests.length]);
  const before = processUsage(gateway.pid);
  const memory = [before.rssMiB];
  const count = Math.ceil(totalSpans / batchSpans);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const index = next++;
        await post(url, requests[index % requests.length]);
        if (index % 50 === 0) memory.push(processUsage(gateway.pid).rssMiB);
      }
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const after = processUsage(gateway.pid);
  memory.push(after.rssMiB);
  const spans = count * batchSpans;
  const spansPerCpuSecond = spans / (after.cpuSeconds - before.cpuSeconds);

  // Latency at half capacity: one request at a time, paced, each timed from send to its arrival at the sink.
  const intervalMillis = (latencyBatch / (spansPerCpuSecond / 2)) * 1000;
  const latencies = [];
  for (let index = 0; index < latencyRequests; index++) {
    const arrivedBefore = sink.arrivals.length;
    const sent = performance.now();
    await post(url, latencyRequest);
    while (sink.arrivals.length === arrivedBefore) await new Promise((resolve) => setImmediate(resolve));
    latencies.push(sink.arrivals[arrivedBefore] - sent);
    const wait = sent + intervalMillis - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  gateway.kill('SIGTERM');
  await once(gateway, 'exit');
  sink.close();

  const result = {
    redactContent: values['redact-content'],
    secretsInContent: values.secrets,
    spans,
    batchSpans,
    wallSeconds: round(wallSeconds),
    cpuSeconds: round(after.cpuSeconds - before.cpuSeconds),
    spansPerCpuSecond: Math.round(spansPerCpuSecond),
    goal: GOAL_SPANS_PER_CPU_SECOND,
    goalMet: spansPerCpuSecond >= GOAL_SPANS_PER_CPU_SECOND,
    memoryMiB: {
      start: round(memory[0]),
      quarters: [0.25, 0.5, 0.75].map((at) => round(memory[Math.floor(at * (memory.length - 1))])),
      peak: round(Math.max(...memory)),
      end: round(after.rssMiB),
    },
    refusedWithRetryAfter: refusals.count,
    latencyAtHalfCapacityMillis: {
      spansPerRequest: latencyBatch,
      p50: round(quantile(latencies, 0.5)),
      p99: round(quantile(latencies, 0.99)),
    },
  };
  console.log(values.json ? JSON.stringify(result) : result);
}

function round(value) {
  return Math.round(value * 100) / 100;
}

await main();
