// The benchmark: the mock LLM in its own process, then for each round every variant in a fresh child process
// (in an order that changes from round to round), each running the same measurements; per-round differences and
// ratios against the no-instrumentation variant of the same round, summarized as medians with min..max.
import { cpus, loadavg, totalmem } from 'node:os';
import { runInChild } from './child-process.mjs';
import { startMockServerProcess } from './mock-server.mjs';
import { SCENARIO_NAMES } from './scenarios.mjs';
import { spread } from './statistics.mjs';
import { VARIANTS, variantNamed } from './variants.mjs';

/** Calls per measurement (agent: runs) and warm-up calls, by scenario; the smoke run scales them down. */
export const DEFAULT_CALLS = {
  chat: { calls: 800, warmup: 300 },
  tools: { calls: 800, warmup: 300 },
  stream: { calls: 300, warmup: 100 },
  embeddings: { calls: 800, warmup: 300 },
  agent: { calls: 300, warmup: 100 },
};

/**
 * Warm-up calls per measurement, by default, over either transport: V8 optimizes a function fully only after some
 * thousands of calls, so shorter warm-ups measure the JIT's tiers (more for the variant with more code) rather than
 * the cost of a call in a long-running process. Over HTTP too: with the scenario's own 300 warm-up calls, chat
 * measured Driftwatch +114 µs and traceloop +52; after 3,000, +50 and +29 (2026-12-07).
 */
export const STEADY_STATE_WARMUP = 3000;

export const DEFAULT_OPTIONS = {
  rounds: 3,
  variants: VARIANTS.map((variant) => variant.name),
  scenarios: SCENARIO_NAMES,
  concurrencies: [1, 20],
  transport: 'http',
  callScale: 1,
  initialWarmup: 100,
  peerDefaults: false,
  evaluation: 'builtin',
  throughput: true,
  /** Children run at once. Keep 1 for figures; the smoke run uses more, since it only checks the set-ups. */
  parallel: 1,
};

/** Runs `task` over `items`, at most `limit` at a time, in order of start. */
async function eachLimited(items, limit, task) {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await task(items[index]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Round `round`'s order: rotated by the round number, reversed on odd rounds, so no variant always runs first. */
export function orderForRound(names, round) {
  const shift = (round * Math.max(1, Math.floor(names.length / 3) + 1)) % names.length;
  const rotated = [...names.slice(shift), ...names.slice(0, shift)];
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

/** The warm-up floor: `minimumWarmup` when given, else steady state. */
function warmupFloor(options) {
  return options.minimumWarmup ?? STEADY_STATE_WARMUP;
}

function planFor(options) {
  const floor = warmupFloor(options);
  const measurements = [];
  for (const scenario of options.scenarios) {
    const { calls, warmup } = DEFAULT_CALLS[scenario];
    for (const concurrency of options.concurrencies) {
      measurements.push({
        scenario,
        concurrency,
        calls: Math.max(concurrency, Math.round(calls * options.callScale)),
        warmup: Math.max(concurrency, Math.round(warmup * options.callScale), floor),
      });
    }
  }
  return measurements;
}

/** What a working set-up of `variant` must have produced in `measured`; a list of problems (empty when fine). */
export function setupProblems(variant, measured) {
  const problems = [];
  if (measured.errors > 0) problems.push(`${measured.errors} calls failed (${measured.firstError})`);
  const instrumented = variant.peer !== undefined || variant.name.startsWith('driftwatch');
  const untraced = variant.untraced?.includes(measured.scenario) ?? false;
  if (instrumented && !untraced) {
    const minimum = measured.scenario === 'agent' ? 3 : 1;
    if (measured.spansPerCall < minimum) {
      problems.push(`${measured.spansPerCall.toFixed(2)} spans per call, expected at least ${minimum}`);
    }
    if (variant.recordsMetrics && measured.metricPoints === 0) problems.push('no metrics recorded');
  }
  return problems;
}

const FIGURES = [
  'cpuMicrosPerCall',
  'wallP50Micros',
  'wallP99Micros',
  'firstChunkP50Micros',
  'heapAfterGcBytes',
  'heapGrowthBytes',
  'spansPerCall',
  'histogramSamplesPerCall',
  'metricPoints',
];

/** Medians (min..max) over rounds of every figure, and of its per-round difference and ratio to the baseline. */
function summarize(byKey, variantsByName) {
  const rows = [];
  for (const [key, rounds] of byKey) {
    const [variantName, scenario, concurrencyText] = key.split('|');
    const variant = variantsByName.get(variantName);
    const baselineRounds = byKey.get(`${variant.baseline}|${scenario}|${concurrencyText}`) ?? [];
    const figures = {};
    for (const figure of FIGURES) {
      const values = rounds.map((round) => round[figure]);
      if (values.every((value) => value === undefined)) continue;
      const differences = [];
      const ratios = [];
      for (const round of rounds) {
        const baseline = baselineRounds.find((candidate) => candidate.round === round.round);
        if (baseline === undefined || baseline[figure] === undefined || round[figure] === undefined) continue;
        differences.push(round[figure] - baseline[figure]);
        if (baseline[figure] !== 0) ratios.push(round[figure] / baseline[figure]);
      }
      figures[figure] = {
        value: spread(values),
        difference: spread(differences),
        ratio: spread(ratios),
        // Per round, for paired comparisons between variants measured in the same round.
        byRound: Object.fromEntries(rounds.map((round) => [round.round, round[figure]])),
      };
    }
    const problems = [...new Set(rounds.flatMap((round) => round.problems))];
    rows.push({
      variant: variantName,
      baseline: variant.baseline,
      scenario,
      concurrency: Number(concurrencyText),
      calls: rounds[0].calls,
      rounds: rounds.length,
      untraced: variant.untraced?.includes(scenario) ?? false,
      figures,
      metricNames: rounds.at(-1).metricNames,
      problems,
    });
  }
  const variantOrder = (name) => VARIANTS.findIndex((variant) => variant.name === name);
  return rows.sort(
    (a, b) =>
      SCENARIO_NAMES.indexOf(a.scenario) - SCENARIO_NAMES.indexOf(b.scenario) ||
      a.concurrency - b.concurrency ||
      variantOrder(a.variant) - variantOrder(b.variant),
  );
}

/** How noisy the run was: load average and the baseline's round-to-round spread of CPU per call. */
function noiseOf({ rows, loadBefore, loadAfter }) {
  const spreads = rows
    .filter((row) => row.variant === row.baseline)
    .map((row) => {
      const { median, min, max } = row.figures.cpuMicrosPerCall.value;
      return {
        scenario: row.scenario,
        concurrency: row.concurrency,
        variant: row.variant,
        relative: (max - min) / median,
      };
    })
    .filter((entry) => Number.isFinite(entry.relative));
  return {
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    baselineCpuSpread: spread(spreads.map((entry) => entry.relative)),
    baselineCpuSpreadByMeasurement: spreads,
  };
}

/** Runs the whole benchmark. `log` receives progress lines. Returns everything the report and the JSON need. */
export async function runBench(userOptions = {}, { log = () => {} } = {}) {
  const options = { ...DEFAULT_OPTIONS, ...userOptions };
  const variants = options.variants.map(variantNamed);
  for (const variant of [...variants]) {
    if (!variants.some((candidate) => candidate.name === variant.baseline))
      variants.push(variantNamed(variant.baseline));
  }
  const measurements = planFor(options);
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const mock = await startMockServerProcess();
  const byKey = new Map();
  const children = [];
  try {
    for (let round = 0; round < options.rounds; round += 1) {
      const order = orderForRound(
        variants.map((variant) => variant.name),
        round,
      );
      log(`round ${round + 1}/${options.rounds}: ${order.join(', ')}`);
      await eachLimited(order, options.parallel, async (name) => {
        const variant = variantNamed(name);
        const result = await runInChild({
          variant: name,
          round,
          baseURL: mock.url,
          transport: options.transport,
          initialWarmup: Math.max(1, Math.round(options.initialWarmup * options.callScale)),
          peerDefaults: options.peerDefaults,
          evaluation: options.evaluation,
          measurements,
        });
        children.push({ variant: name, round, packages: result.packages, setupMillis: result.setupMillis });
        for (const measured of result.measurements) {
          const key = `${name}|${measured.scenario}|${measured.concurrency}`;
          if (!byKey.has(key)) byKey.set(key, []);
          byKey.get(key).push({ ...measured, round, problems: setupProblems(variant, measured) });
        }
      });
    }
    let throughput;
    let floor;
    if (options.throughput) {
      log('processor throughput and SDK floor (in isolation)');
      ({ throughput, floor } = await runInChild({
        kind: 'throughput',
        runs: Math.max(200, Math.round(20_000 * options.callScale)),
        calls: Math.max(1000, Math.round(100_000 * options.callScale)),
        rounds: Math.max(2, options.rounds + 2),
        evaluation: options.evaluation,
      }));
    }
    const rows = summarize(byKey, new Map(variants.map((variant) => [variant.name, variant])));
    const loadAfter = loadavg()[0];
    return {
      meta: {
        date: new Date(started).toISOString(),
        durationSeconds: (Date.now() - started) / 1000,
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        options,
        warmupFloor: warmupFloor(options),
        transport:
          options.transport === 'memory'
            ? 'in-process fetch answering recorded mock responses from memory'
            : 'HTTP to the testkit mock LLM in its own process (keep-alive, 127.0.0.1)',
        packages: children.find((child) => child.variant === 'none')?.packages,
        variants: variants.map(({ name, description }) => ({
          name,
          description,
          packages: children.find((child) => child.variant === name)?.packages,
        })),
      },
      noise: noiseOf({ rows, loadBefore, loadAfter }),
      rows,
      throughput,
      floor,
    };
  } finally {
    await mock.close();
  }
}

/** Seconds, not minutes: one round, a handful of calls, children in parallel. It checks set-ups, not speed. */
export const SMOKE_OPTIONS = {
  rounds: 1,
  callScale: 0.01,
  initialWarmup: 2,
  minimumWarmup: 0,
  parallel: 3,
  throughput: false,
};
