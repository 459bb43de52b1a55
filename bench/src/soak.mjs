// The memory soak, run inside a child process (with --expose-gc): a long mixed workload with Driftwatch and its
// processors on, the heap read after a full GC at regular intervals, and a least-squares line through the
// samples. A leak shows as a positive slope; bounded caches (model resolutions, drift history, repeat tracking)
// fill during the first samples, which the fit leaves out.
import { heapAfterGc, runCalls } from './calls.mjs';
import { createMemoryFetch } from './memory-transport.mjs';
import { SCENARIOS } from './scenarios.mjs';
import { fitLine } from './statistics.mjs';
import { setUpVariant } from './variant-setup.mjs';
import { variantNamed } from './variants.mjs';

/** One cycle of the mix: 6 LLM calls (agent runs count two). */
const MIX = ['agent', 'chat', 'stream', 'embeddings', 'tools'];
const LLM_CALLS_PER_CYCLE = MIX.reduce((total, name) => total + (SCENARIOS[name].llmCallsPerRun ?? 1), 0);

/** The fraction of samples treated as warm-up (caches filling, JIT) and left out of the fit. */
const WARMUP_FRACTION = 0.1;

/**
 * Runs `plan.calls` LLM calls of the mix at `plan.concurrency`, sampling the heap `plan.samples` times. Sends a
 * progress message per sample when `report` is given.
 */
export async function runSoak(plan, report = () => {}) {
  const variant = variantNamed(plan.variant);
  const { OpenAI, telemetry, packages, agentApi } = await setUpVariant(variant, { evaluation: plan.evaluation });
  const memory = plan.transport === 'memory' ? createMemoryFetch() : undefined;
  const client = new OpenAI({
    apiKey: 'sk-bench-not-a-key',
    baseURL: plan.baseURL,
    maxRetries: 0,
    ...(memory === undefined ? {} : { fetch: memory.fetch }),
  });
  const calls = MIX.map((name) => SCENARIOS[name].prepare({ client, agentApi }));
  const cycle = async () => {
    for (const call of calls) await call();
  };
  const cyclesPerSample = Math.max(1, Math.round(plan.calls / plan.samples / LLM_CALLS_PER_CYCLE));
  const samples = [];
  let llmCalls = 0;
  let errors = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const sample = async () => {
    // Spans waiting in the batch processor and the metric points of the interval would move the reading.
    await telemetry?.flushedSpanCount();
    await telemetry?.collectMetrics();
    const heapUsed = heapAfterGc();
    const entry = {
      llmCalls,
      heapUsedBytes: heapUsed,
      rssBytes: process.memoryUsage().rss,
      elapsedSeconds: (performance.now() - started) / 1000,
    };
    samples.push(entry);
    report(entry);
  };
  await sample();
  while (llmCalls < plan.calls) {
    const outcome = await runCalls({ call: cycle, count: cyclesPerSample, concurrency: plan.concurrency });
    errors += outcome.errors;
    if (outcome.errors > 0 && errors === outcome.errors) report({ error: String(outcome.firstError) });
    llmCalls += cyclesPerSample * LLM_CALLS_PER_CYCLE;
    await sample();
  }
  const cpu = process.cpuUsage(cpuStarted);
  const spans = telemetry === undefined ? 0 : await telemetry.flushedSpanCount();
  const fitted = samples.slice(Math.max(1, Math.floor(samples.length * WARMUP_FRACTION)));
  const line = fitLine(fitted.map((entry) => ({ x: entry.llmCalls / 1000, y: entry.heapUsedBytes })));
  await telemetry?.shutdown();
  return {
    variant: variant.name,
    packages,
    transport: plan.transport,
    concurrency: plan.concurrency,
    mix: `${MIX.join(', ')} (${LLM_CALLS_PER_CYCLE} LLM calls per cycle)`,
    llmCalls,
    errors,
    spans,
    durationSeconds: (performance.now() - started) / 1000,
    cpuMicrosPerLlmCall: (cpu.user + cpu.system) / llmCalls,
    samples,
    fit: {
      fromLlmCalls: fitted[0]?.llmCalls,
      bytesPer1000Calls: line.slope,
      r2: line.r2,
      projectedBytesPerMillionCalls: line.slope * 1000,
    },
    heapFirstBytes: samples[0]?.heapUsedBytes,
    heapAfterWarmupBytes: fitted[0]?.heapUsedBytes,
    heapLastBytes: samples.at(-1)?.heapUsedBytes,
  };
}
