// One variant, one round: a fresh process (started by the harness with --expose-gc) that sets the variant up, runs
// every requested measurement and sends the figures back over IPC. CPU time is read around the measured loop only,
// after warm-up; the mock server is another process, so its CPU is not in the figure.
import { heapAfterGc, runCalls } from './calls.mjs';
import { createMemoryFetch } from './memory-transport.mjs';
import { SCENARIOS } from './scenarios.mjs';
import { quantile } from './statistics.mjs';
import { setUpVariant } from './variant-setup.mjs';
import { variantNamed } from './variants.mjs';

async function measure({ scenarioName, call, concurrency, calls, warmup, telemetry }) {
  const scenario = SCENARIOS[scenarioName];
  await runCalls({ call, count: warmup, concurrency });
  const spansBefore = telemetry === undefined ? 0 : await telemetry.flushedSpanCount();
  if (telemetry !== undefined) await telemetry.collectMetrics();
  const heapBefore = heapAfterGc();
  const walls = new Float64Array(calls);
  const firstChunks = scenarioName === 'stream' ? new Float64Array(calls) : undefined;

  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const { errors, firstError } = await runCalls({ call, count: calls, concurrency, walls, firstChunks });
  const elapsedMillis = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);

  const spans = telemetry === undefined ? 0 : (await telemetry.flushedSpanCount()) - spansBefore;
  const metricCounts =
    telemetry === undefined ? { points: 0, histogramSamples: 0, names: [] } : await telemetry.collectMetrics();
  const heapAfter = heapAfterGc();
  const micros = (millis) => millis * 1000;
  return {
    scenario: scenarioName,
    concurrency,
    calls,
    llmCalls: calls * (scenario.llmCallsPerRun ?? 1),
    errors,
    firstError: firstError === undefined ? undefined : String(firstError?.message ?? firstError),
    elapsedMillis,
    cpuMicrosPerCall: (cpu.user + cpu.system) / calls,
    wallP50Micros: micros(quantile(walls, 0.5)),
    wallP99Micros: micros(quantile(walls, 0.99)),
    firstChunkP50Micros: firstChunks === undefined ? undefined : micros(quantile(firstChunks, 0.5)),
    heapAfterGcBytes: heapAfter,
    heapGrowthBytes: heapAfter - heapBefore,
    spans,
    spansPerCall: spans / calls,
    metricPoints: metricCounts.points,
    histogramSamplesPerCall: metricCounts.histogramSamples / calls,
    metricNames: metricCounts.names,
  };
}

/**
 * Sets the variant up and runs the plan: a short warm-up of every scenario (so the first measurement does not pay
 * for the JIT alone), then each measurement with its own warm-up.
 */
export async function runVariant(plan) {
  const variant = variantNamed(plan.variant);
  const setupStarted = performance.now();
  const { OpenAI, telemetry, packages, agentApi } = await setUpVariant(variant, {
    peerDefaults: plan.peerDefaults,
    evaluation: plan.evaluation,
  });
  const memory = plan.transport === 'memory' ? createMemoryFetch() : undefined;
  const client = new OpenAI({
    apiKey: 'sk-bench-not-a-key',
    baseURL: plan.baseURL,
    maxRetries: 0,
    ...(memory === undefined ? {} : { fetch: memory.fetch }),
  });
  const calls = new Map(
    plan.measurements.map(({ scenario }) => [scenario, SCENARIOS[scenario].prepare({ client, agentApi })]),
  );
  for (const call of calls.values()) await runCalls({ call, count: plan.initialWarmup, concurrency: 1 });
  const setupMillis = performance.now() - setupStarted;

  const measurements = [];
  for (const measurement of plan.measurements) {
    measurements.push(
      await measure({
        scenarioName: measurement.scenario,
        call: calls.get(measurement.scenario),
        concurrency: measurement.concurrency,
        calls: measurement.calls,
        warmup: measurement.warmup,
        telemetry,
      }),
    );
  }
  await telemetry?.shutdown();
  return { variant: variant.name, round: plan.round, pid: process.pid, packages, setupMillis, measurements };
}

/** The processors' throughput and the SDK's floor, in isolation (no openai SDK, no instrumentation). */
async function runThroughput(plan) {
  const { measureProcessorThroughput, measureTelemetryFloor } = await import('./processor-throughput.mjs');
  const throughput = await measureProcessorThroughput({
    runs: plan.runs,
    rounds: plan.rounds,
    evaluation: plan.evaluation,
  });
  const floor = await measureTelemetryFloor({ calls: plan.calls, rounds: plan.rounds });
  return { throughput, floor };
}

if (process.send !== undefined) {
  process.once('message', (plan) => {
    const progress = (entry) => process.send({ type: 'progress', progress: entry });
    const run =
      plan.kind === 'throughput'
        ? runThroughput(plan)
        : plan.kind === 'soak'
          ? import('./soak.mjs').then(({ runSoak }) => runSoak(plan, progress))
          : runVariant(plan);
    run.then(
      (result) => process.send({ type: 'result', result }, () => process.exit(0)),
      (error) => process.send({ type: 'error', message: String(error?.stack ?? error) }, () => process.exit(1)),
    );
  });
}
