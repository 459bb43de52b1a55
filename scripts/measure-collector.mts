// Measures the shipped Collector config on the built Collector: GenAI spans per Collector CPU-second through OTLP/HTTP
// in, tail sampling (every policy evaluated, 10% baseline), batch and OTLP/gRPC out. For docs/scale-out.md.
//   node scripts/measure-collector.mts [seconds=20]
// Uses the binary scripts/build-collector.sh prints (DRIFTWATCH_OTELCOL, else the newest in the cache). Spans are
// sent as OTLP/JSON (the Collector decodes JSON more slowly than protobuf: the figure is a floor), 10 spans a run
// (an agent span, 4 chat spans with usage, cost, model and evaluator scores, 5 tool spans), the run's root last.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  findCollector,
  loopbackCollectorEndpoints,
  shippedCollectorConfig,
  startCollector,
  startTempoStandIn,
} from '../grafana/test/support/collector.ts';
import { deriveTestConfig } from '../grafana/test/support/collector-derivation.ts';

const SECONDS = Number(process.argv[2] ?? 20);
const RUNS_PER_REQUEST = 50;
const CONCURRENCY = 4;
const binary = findCollector();
if (binary === undefined) throw new Error('no Collector: run scripts/build-collector.sh');

const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const peakRssMiB = (pid: number) =>
  Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const number = (key: string, value: number) => ({ key, value: { doubleValue: value } });
const integer = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

function run(now: bigint): unknown[] {
  const traceId = randomBytes(16).toString('hex');
  const rootId = randomBytes(8).toString('hex');
  const span = (name: string, parent: string, attributes: unknown[], offset: bigint) => ({
    traceId,
    spanId: parent === '' ? rootId : randomBytes(8).toString('hex'),
    parentSpanId: parent,
    name,
    kind: 1,
    startTimeUnixNano: String(now - 2_000_000_000n + offset),
    endTimeUnixNano: String(now - 1_900_000_000n + offset),
    attributes,
    status: {},
  });
  const chat = (index: number) =>
    span(
      'chat gpt-4o-2024-08-06',
      rootId,
      [
        text('gen_ai.operation.name', 'chat'),
        text('gen_ai.provider.name', 'openai'),
        text('gen_ai.request.model', 'gpt-4o-2024-08-06'),
        text('gen_ai.response.model', 'gpt-4o-2024-08-06'),
        integer('gen_ai.usage.input_tokens', 1200 + index),
        integer('gen_ai.usage.output_tokens', 180),
        number('driftwatch.cost.usd', 0.0048),
        text('driftwatch.cost.priced_model', 'gpt-4o-2024-08-06'),
        number('driftwatch.context.fill_ratio', 0.01),
        number('driftwatch.evaluation.completeness.score', 1),
        number('driftwatch.evaluation.refusal.score', 1),
        number('driftwatch.evaluation.pii_leakage.score', 1),
        number('driftwatch.evaluation.secret_leakage.score', 1),
        number('driftwatch.evaluation.prompt_injection.score', 1),
      ],
      BigInt(index) * 10_000_000n,
    );
  const tool = (index: number) =>
    span(
      'execute_tool lookup_company',
      rootId,
      [
        text('gen_ai.operation.name', 'execute_tool'),
        text('gen_ai.tool.name', 'lookup_company'),
        text('gen_ai.tool.call.id', `call_${index}`),
      ],
      BigInt(index) * 10_000_000n,
    );
  const root = span(
    'invoke_agent lead-qualifier',
    '',
    [
      text('gen_ai.operation.name', 'invoke_agent'),
      text('gen_ai.agent.name', 'lead-qualifier'),
      { key: 'driftwatch.agent.escalated', value: { boolValue: false } },
      number('driftwatch.agent.cost_usd', 0.0192),
      integer('driftwatch.agent.input_tokens', 4806),
      integer('driftwatch.agent.steps', 9),
    ],
    0n,
  );
  return [...[0, 1, 2, 3].map(chat), ...[0, 1, 2, 3, 4].map(tool), root];
}

const standIn = await startTempoStandIn(binary, { type: 'nop', config: {} });
const relay = standIn.collector;
const endpoints = await loopbackCollectorEndpoints(standIn.grpcEndpoint);
// Production waits: the measurement holds traces in memory for as long as the shipped config does after their root.
const collector = await startCollector(binary, 'otelcol', deriveTestConfig(shippedCollectorConfig(), endpoints, 1));
const pid = collector.process.child.pid as number;
let spans = 0;
let refused = 0;
try {
  const before = cpuSeconds(pid);
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const now = BigInt(Date.now()) * 1_000_000n;
        const runs = Array.from({ length: RUNS_PER_REQUEST }, () => run(now)).flat();
        const body = JSON.stringify({
          resourceSpans: [
            {
              resource: { attributes: [text('service.name', 'lead-qualifier')] },
              scopeSpans: [{ scope: { name: '@driftwatch/instrumentation' }, spans: runs }],
            },
          ],
        });
        const response = await fetch(`http://${endpoints.otlpHttp}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
        if (response.ok) spans += runs.length;
        else refused += runs.length;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  // The last traces are decided 10 s after their root arrived: count the CPU that takes too.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  const cpu = cpuSeconds(pid) - before;
  console.log(
    JSON.stringify({
      collector: binary,
      seconds: Number(elapsed.toFixed(1)),
      spansAccepted: spans,
      spansRefused: refused,
      spansPerSecond: Math.round(spans / elapsed),
      collectorCpuSeconds: Number(cpu.toFixed(2)),
      spansPerCollectorCpuSecond: Math.round(spans / cpu),
      collectorPeakRssMiB: peakRssMiB(pid),
    }),
  );
} finally {
  await collector.stop();
  await relay.stop();
}
