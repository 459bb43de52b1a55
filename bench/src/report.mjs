// Turns the harness's results into readable tables and the verdict on the issue's targets.
import { PEER_NAMES, variantNamed } from './variants.mjs';

const CONCURRENCY_LABEL = (concurrency) => (concurrency === 1 ? 'sequential' : `concurrency ${concurrency}`);

function number(value, digits = 0) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function signed(value, digits = 0) {
  if (!Number.isFinite(value)) return '–';
  const text = value.toFixed(digits);
  return value >= 0 && !text.startsWith('-') ? `+${text}` : text;
}

function range({ min, max }, digits = 0, format = number) {
  return `${format(min, digits)}..${format(max, digits)}`;
}

/** `median (min..max)`. */
function withRange(summary, digits = 0, format = number) {
  if (summary === undefined || summary.count === 0) return '–';
  return `${format(summary.median, digits)} (${range(summary, digits, format)})`;
}

function table(headers, rows, alignLeft = 1) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells
      .map((cell, column) => (column < alignLeft ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const MB = 1024 * 1024;

/** Below this scale of the default calls per measurement (or with one round), timings are not judged. */
const MIN_JUDGED_SCALE = 0.25;

function isBaseline(row) {
  return row.variant === row.baseline;
}

function measurementTable(rows) {
  const stream = rows[0].scenario === 'stream';
  const headers = [
    'variant',
    'CPU µs/call',
    'Δ CPU µs',
    '× CPU',
    'p50 µs',
    'Δ p50',
    'p99 µs',
    'Δ p99',
    ...(stream ? ['TTFC µs', 'Δ TTFC µs'] : []),
    'heap MB',
    'Δ heap MB',
    'growth KB',
    'spans/call',
    'metrics',
  ];
  const body = rows.map((row) => {
    const figure = (name) => row.figures[name] ?? {};
    const baseline = isBaseline(row);
    const difference = (name, digits = 0, scale = 1) =>
      baseline ? '' : signed(figure(name).difference?.median / scale, digits);
    const status = row.problems.length > 0 ? ' FAILED SET-UP' : row.untraced ? ' (not traced)' : '';
    return [
      `${row.variant}${status}`,
      withRange(figure('cpuMicrosPerCall').value),
      baseline ? '' : withRange(figure('cpuMicrosPerCall').difference, 0, signed),
      baseline ? '' : number(figure('cpuMicrosPerCall').ratio?.median, 2),
      number(figure('wallP50Micros').value?.median),
      difference('wallP50Micros'),
      number(figure('wallP99Micros').value?.median),
      difference('wallP99Micros'),
      ...(stream
        ? [
            number(figure('firstChunkP50Micros').value?.median),
            baseline ? '' : withRange(figure('firstChunkP50Micros').difference, 0, signed),
          ]
        : []),
      number(figure('heapAfterGcBytes').value?.median / MB, 1),
      difference('heapAfterGcBytes', 1, MB),
      signed(figure('heapGrowthBytes').value?.median / 1024),
      number(figure('spansPerCall').value?.median, 2),
      `${number(figure('metricPoints').value?.median)} pts, ${number(figure('histogramSamplesPerCall').value?.median, 1)}/call`,
    ];
  });
  return table(headers, body);
}

function rowFor(results, variant, scenario, concurrency) {
  return results.rows.find(
    (row) => row.variant === variant && row.scenario === scenario && row.concurrency === concurrency,
  );
}

/** The peers measured without a failed set-up, cheapest first, on one scenario (sequential). */
function peersByCost(results, scenario) {
  return PEER_NAMES.map((name) => ({ name, row: rowFor(results, name, scenario, 1) }))
    .map((peer) => ({ ...peer, delta: peer.row?.figures.cpuMicrosPerCall?.difference }))
    .filter((peer) => peer.delta?.count > 0 && peer.row.problems.length === 0 && !peer.row.untraced)
    .sort((a, b) => a.delta.median - b.delta.median);
}

const VERDICT_LABELS = { met: 'met', missed: 'MISSED', unclear: 'within noise' };

/** Rounds a verdict needs before "missed" can be said: all 5 worse has a 1-in-32 chance when both cost the same. */
const ROUNDS_FOR_A_VERDICT = 5;

/**
 * Whether `variant` costs at most `factor` × `peer` in added CPU per call, judged round by round (both run in the
 * same round, against the same baseline, so machine noise that moves a whole round cancels): `met` when the median
 * of the per-round differences is ≤ 0, `missed` when the variant was worse in every round of at least five,
 * `unclear` otherwise (worse in some rounds only: within the noise).
 */
function pairedVerdict(results, scenario, variant, peer, factor = 1) {
  const own = rowFor(results, variant, scenario, 1)?.figures.cpuMicrosPerCall;
  const other = rowFor(results, peer, scenario, 1)?.figures.cpuMicrosPerCall;
  const baseline = rowFor(results, 'none', scenario, 1)?.figures.cpuMicrosPerCall;
  if (own?.byRound === undefined || other?.byRound === undefined || baseline?.byRound === undefined) {
    return { verdict: 'unclear', worse: 0, rounds: 0 };
  }
  const differences = [];
  for (const [round, value] of Object.entries(own.byRound)) {
    const peerValue = other.byRound[round];
    const baselineValue = baseline.byRound[round];
    if (value === undefined || peerValue === undefined || baselineValue === undefined) continue;
    differences.push(value - baselineValue - factor * (peerValue - baselineValue));
  }
  const worse = differences.filter((difference) => difference > 0).length;
  const sorted = [...differences].sort((a, b) => a - b);
  const median = sorted.length === 0 ? 0 : (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  let verdict = 'unclear';
  if (differences.length > 0 && median <= 0) verdict = 'met';
  else if (differences.length >= ROUNDS_FOR_A_VERDICT && worse === differences.length) verdict = 'missed';
  return { verdict, worse, rounds: differences.length };
}

/** A target's line: the verdict, and in how many rounds the variant was worse. */
function judgedTarget(name, paired, detail) {
  const rounds = paired.rounds === 0 ? '' : `; worse in ${paired.worse} of ${paired.rounds} rounds`;
  return { name, verdict: paired.verdict, met: paired.verdict === 'met', detail: `${detail}${rounds}` };
}

/** Issue 16's per-call targets on one scenario: instrumentation ≤ the cheapest peer, all processors ≤ 2× it. */
function scenarioTargets(results, scenario) {
  const [cheapest] = peersByCost(results, scenario);
  if (cheapest === undefined) return [];
  const cpuDelta = (variant) => rowFor(results, variant, scenario, 1)?.figures.cpuMicrosPerCall?.difference;
  const peer = `${cheapest.name} ${signed(cheapest.delta.median)} µs`;
  const targets = [];
  const driftwatch = cpuDelta('driftwatch');
  if (driftwatch?.count > 0) {
    targets.push(
      judgedTarget(
        `instrumentation alone ≤ the cheapest peer (${scenario}, sequential, added CPU per call)`,
        pairedVerdict(results, scenario, 'driftwatch', cheapest.name),
        `driftwatch ${signed(driftwatch.median)} µs (${range(driftwatch, 0, signed)}) vs ${peer}`,
      ),
    );
  }
  targets.push(...likeForLikeTargets(results, scenario, cpuDelta));
  const processors = cpuDelta('driftwatch+processors');
  if (processors?.count > 0) {
    targets.push(
      judgedTarget(
        `all processors ≤ 2× the cheapest peer (${scenario}, sequential, added CPU per call)`,
        pairedVerdict(results, scenario, 'driftwatch+processors', cheapest.name, 2),
        `driftwatch+processors ${signed(processors.median)} µs (${range(processors, 0, signed)}) vs ` +
          `2 × ${peer} = ${number(2 * cheapest.delta.median)} µs`,
      ),
    );
  }
  return targets;
}

/**
 * The same comparison, telemetry for telemetry: Driftwatch's span path (its metrics to a no-op meter) against the
 * cheapest peer that records spans only, and the instrumentation with the conventions' metrics against the peers
 * that record those metrics too. The difference between the two Driftwatch rows is what the metrics SDK costs
 * for the conventions' samples, which the spans-only peers do not record.
 */
function likeForLikeTargets(results, scenario, cpuDelta) {
  const targets = [];
  const peers = peersByCost(results, scenario);
  const spansOnly = peers.find((peer) => !variantNamed(peer.name).recordsMetrics);
  const spans = cpuDelta('driftwatch-spans');
  if (spans?.count > 0 && spansOnly !== undefined) {
    targets.push(
      judgedTarget(
        `like for like: the span path ≤ the cheapest spans-only peer (${scenario})`,
        pairedVerdict(results, scenario, 'driftwatch-spans', spansOnly.name),
        `driftwatch-spans ${signed(spans.median)} µs (${range(spans, 0, signed)}) vs ${spansOnly.name} ${signed(spansOnly.delta.median)} µs (${range(spansOnly.delta, 0, signed)})`,
      ),
    );
  }
  const withMetrics = peers.find((peer) => variantNamed(peer.name).recordsMetrics);
  const driftwatch = cpuDelta('driftwatch');
  if (driftwatch?.count > 0 && withMetrics !== undefined) {
    const metricsCost = spans?.count > 0 ? `; its metrics ${signed(driftwatch.median - spans.median)} µs of it` : '';
    targets.push(
      judgedTarget(
        `like for like: spans and the conventions' metrics ≤ the cheapest peer recording them too (${scenario})`,
        pairedVerdict(results, scenario, 'driftwatch', withMetrics.name),
        `driftwatch ${signed(driftwatch.median)} µs${metricsCost} vs ${withMetrics.name} ${signed(withMetrics.delta.median)} µs (${range(withMetrics.delta, 0, signed)})`,
      ),
    );
  }
  return targets;
}

/** The issue's targets, judged on this run's figures. */
export function evaluateTargets(results) {
  const chatPeers = peersByCost(results, 'chat');
  const targets = [...scenarioTargets(results, 'chat'), ...scenarioTargets(results, 'stream')];
  const stream = rowFor(results, 'driftwatch+processors', 'stream', 1);
  const streamBaseline = rowFor(results, 'none', 'stream', 1);
  const firstChunk = stream?.figures.firstChunkP50Micros?.difference;
  if (firstChunk?.count > 0 && streamBaseline !== undefined) {
    // Measurable: every round slower than its baseline, by more than the baseline's own round-to-round spread.
    const own = streamBaseline.figures.firstChunkP50Micros.value;
    const noise = own.max - own.min;
    const measurable = firstChunk.min > 0 && firstChunk.median > noise;
    targets.push({
      name: 'streams with all processors add no measurable time to the first chunk (sequential, p50)',
      met: !measurable,
      detail:
        `Δ TTFC ${signed(firstChunk.median)} µs (${range(firstChunk, 0, signed)}); the baseline's own TTFC varied ` +
        `${number(noise)} µs between rounds`,
    });
  }
  const alone = rowFor(results, 'driftwatch', 'stream', 1)?.figures.firstChunkP50Micros?.difference;
  if (firstChunk?.count > 0 && alone?.count > 0) {
    // The processors' own share: what they add to the first chunk over the instrumentation alone, against the
    // round-to-round spread of the instrumentation alone's own added time.
    const share = firstChunk.median - alone.median;
    const noise = alone.max - alone.min;
    targets.push({
      name: 'streams: the processors add no measurable time to the first chunk over the instrumentation alone (p50)',
      met: share <= noise,
      detail:
        `driftwatch+processors Δ TTFC ${signed(firstChunk.median)} µs vs driftwatch ${signed(alone.median)} µs ` +
        `(${range(alone, 0, signed)}): ${signed(share)} µs, against a ${number(noise)} µs spread between rounds`,
    });
  }
  return {
    cheapestPeer: chatPeers[0]?.name,
    peers: chatPeers.map((peer) => ({ name: peer.name, cpuDelta: peer.delta })),
    targets,
  };
}

/**
 * One line per variant: added CPU per call for every scenario (sequential, median of rounds and its ratio to no
 * instrumentation), the first chunk's added time on streams, the added heap and the spans per chat call.
 */
function summaryRows(results) {
  const scenarios = [...new Set(results.rows.map((row) => row.scenario))];
  const variants = [...new Set(results.rows.map((row) => row.variant))];
  const headers = [
    'variant',
    ...scenarios.map((scenario) => `${scenario} Δ µs`),
    'stream Δ TTFC µs',
    'Δ heap MB',
    'spans/chat',
  ];
  const body = variants.map((variant) => {
    const cells = scenarios.map((scenario) => {
      const row = rowFor(results, variant, scenario, 1) ?? rowFor(results, variant, scenario, 20);
      if (row === undefined) return '–';
      if (isBaseline(row)) return `${number(row.figures.cpuMicrosPerCall.value.median)} abs`;
      if (row.untraced) return 'untraced';
      if (row.problems.length > 0) return 'FAILED';
      const { difference, ratio } = row.figures.cpuMicrosPerCall;
      return `${signed(difference.median)} (×${number(ratio.median, 2)})`;
    });
    const stream = rowFor(results, variant, 'stream', 1);
    const chat = rowFor(results, variant, 'chat', 1);
    return [
      variant,
      ...cells,
      stream === undefined || isBaseline(stream) ? '' : signed(stream.figures.firstChunkP50Micros?.difference.median),
      chat === undefined || isBaseline(chat) ? '' : signed(chat.figures.heapAfterGcBytes.difference.median / MB, 1),
      chat === undefined ? '' : number(chat.figures.spansPerCall.value.median, 0),
    ];
  });
  return { headers, body };
}

function markdownTable({ headers, body }) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, column) => (column === 0 ? '---' : '---:'))), ...body.map(line)].join(
    '\n',
  );
}

function throughputLines({ throughput, floor }) {
  return [
    `Processor throughput (in isolation, synthetic agent runs: ${throughput.spanMix}):`,
    `  SDK alone:                  ${withRange(throughput.sdkSpansPerSecond)} spans per CPU second`,
    `  SDK + driftwatchProcessors: ${withRange(throughput.chainSpansPerSecond)} spans per CPU second`,
    `  processors' own cost:       ${withRange(throughput.processorMicrosPerSpan, 2)} µs per span ` +
      `(${throughput.rounds} rounds of ${throughput.spansPerRound} spans; ${throughput.metricPoints} metric points)`,
    `SDK floor: one chat call's telemetry in the OpenTelemetry SDK alone (span with Driftwatch's attributes,`,
    `  3 histogram samples): ${withRange(floor.microsPerCall, 1)} µs per call, hot loop, no instrumentation code`,
  ];
}

function judged(results) {
  return results.meta.options.callScale >= MIN_JUDGED_SCALE && results.meta.options.rounds >= 2;
}

function targetLines(results) {
  if (!judged(results))
    return ['Targets: not judged (too few calls or rounds for timing; this run checks the set-ups only).'];
  const { targets, cheapestPeer } = evaluateTargets(results);
  return [
    `Targets (cheapest peer on chat in this run: ${cheapestPeer ?? 'none measured'}):`,
    ...targets.map(
      (target) =>
        `  [${VERDICT_LABELS[target.verdict ?? (target.met ? 'met' : 'missed')]}] ${target.name}: ${target.detail}`,
    ),
  ];
}

function headerLines({ meta, noise }) {
  return [
    `Driftwatch benchmark, ${meta.date}: ${meta.options.rounds} rounds, ${meta.durationSeconds.toFixed(0)} s`,
    `Machine: ${meta.cpu}, ${meta.cores} cores, ${meta.memoryGiB} GiB, Node ${meta.node}`,
    `Transport: ${meta.transport}`,
    `Noise: load average (1 min) ${number(noise.loadAverageBefore, 2)} before, ${number(noise.loadAverageAfter, 2)} after; ` +
      `the no-instrumentation variants' CPU per call moved by ${number(100 * noise.baselineCpuSpread.median)}% ` +
      `(median over measurements; ${number(100 * noise.baselineCpuSpread.min)}..${number(100 * noise.baselineCpuSpread.max)}%) ` +
      `between rounds. Differences smaller than that are within the noise.`,
  ];
}

/** The header, the summary table, throughput and targets as Markdown (for the README and docs/benchmarks.md). */
export function formatMarkdown(results) {
  const out = [...headerLines(results).map((line) => `${line}  `), ''];
  out.push(
    'Added CPU µs per call (sequential; agent: per run), median of rounds, × = ratio to no instrumentation; ' +
      'baselines absolute.',
    '',
    markdownTable(summaryRows(results)),
    '',
  );
  if (results.throughput !== undefined) out.push('```', ...throughputLines(results), '```', '');
  out.push('```', ...targetLines(results), '```');
  return out.join('\n');
}

/** The whole report as text. */
export function formatReport(results) {
  const { meta } = results;
  const out = [...headerLines(results)];
  out.push(
    '',
    'Variants (each in a fresh process per round; every SDK set-up: TracerProvider + BatchSpanProcessor into an',
    'exporter that counts and drops, MeterProvider with a reader collecting after each measurement, ALS context):',
  );
  for (const variant of meta.variants) {
    const versions = Object.entries(variant.packages ?? {})
      .map(([name, version]) => `${name} ${version}`)
      .join(', ');
    out.push(`  ${variant.name.padEnd(24)} ${variant.description}${versions ? ` [${versions}]` : ''}`);
  }
  out.push(
    '',
    `CPU µs/call: process CPU (user + system) over the measured loop / calls, after warm-up (at least ${meta.warmupFloor ?? 0} calls); the mock server is`,
    'another process. Δ and × are against the no-instrumentation variant of the same round (openai 7 variants',
    'against none@7). Cells: median over rounds (min..max). Agent scenario: per run (2 LLM calls + 1 tool).',
  );
  const groups = new Map();
  for (const row of results.rows) {
    const key = `${row.scenario}|${row.concurrency}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  for (const rows of groups.values()) {
    const [{ scenario, concurrency, calls }] = rows;
    out.push(
      '',
      `${scenario} · ${CONCURRENCY_LABEL(concurrency)} · ${calls} ${scenario === 'agent' ? 'runs' : 'calls'} per round`,
    );
    out.push(measurementTable(rows));
    for (const row of rows.filter((candidate) => candidate.problems.length > 0)) {
      out.push(`  ${row.variant}: FAILED SET-UP: ${row.problems.join('; ')}`);
    }
  }
  out.push('', 'Summary (sequential; added CPU µs per call, ×: ratio to no instrumentation; baselines absolute)');
  out.push(table(summaryRows(results).headers, summaryRows(results).body));
  if (results.throughput !== undefined) out.push('', ...throughputLines(results));
  out.push('', ...targetLines(results));
  const failed = results.rows.filter((row) => row.problems.length > 0);
  if (failed.length > 0) out.push('', `${failed.length} measurements had a failed set-up (see above).`);
  return out.join('\n');
}
