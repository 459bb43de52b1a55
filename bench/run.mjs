// `npm run bench`: Driftwatch's overhead against no instrumentation and against the other openai
// instrumentations, side by side. See docs/benchmarks.md for the method.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, runBench, SMOKE_OPTIONS, STEADY_STATE_WARMUP } from './src/harness.mjs';
import { formatMarkdown, formatReport } from './src/report.mjs';
import { SCENARIO_NAMES } from './src/scenarios.mjs';
import { VARIANTS } from './src/variants.mjs';

const USAGE = `Usage: npm run bench -- [options]

  --rounds <n>          rounds; each runs every variant once, in a fresh process (default ${DEFAULT_OPTIONS.rounds})
  --variants <a,b,…>    default: all (${VARIANTS.map((variant) => variant.name).join(', ')})
  --scenarios <a,b,…>   default: all (${SCENARIO_NAMES.join(', ')})
  --concurrency <a,b>   default: ${DEFAULT_OPTIONS.concurrencies.join(',')}
  --scale <x>           multiply calls per measurement (default 1; 0.05 for a quick look)
  --transport <t>       http (default: the mock server over HTTP) or memory (recorded answers, no sockets)
  --warmup <n>          at least n warm-up calls before each measurement (default: ${STEADY_STATE_WARMUP}, past V8's
                        optimizing tier for every variant, so the figures are steady state)
  --peer-defaults       run the peers with their own defaults (content capture on for traceloop and
                        openinference) instead of content capture off like Driftwatch
  --evaluation <e>      builtin (default: the processors variants run the built-in sync evaluators, when the
                        build has them) or off
  --no-throughput       skip the processor throughput and SDK floor measurements
  --json <file>         also write every figure, per round, as JSON
  --markdown <file>     also write the summary, throughput and targets as Markdown (the README's table)
  --smoke               a few seconds: 1 round, few calls; checks every variant produced its spans
  -h, --help`;

const { values } = parseArgs({
  options: {
    rounds: { type: 'string' },
    variants: { type: 'string' },
    scenarios: { type: 'string' },
    concurrency: { type: 'string' },
    scale: { type: 'string' },
    transport: { type: 'string' },
    warmup: { type: 'string' },
    'peer-defaults': { type: 'boolean', default: false },
    evaluation: { type: 'string', default: 'builtin' },
    'no-throughput': { type: 'boolean', default: false },
    json: { type: 'string' },
    markdown: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const list = (text) =>
  text
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const options = {
  ...(values.smoke ? SMOKE_OPTIONS : {}),
  ...(values.rounds === undefined ? {} : { rounds: Number(values.rounds) }),
  ...(values.variants === undefined ? {} : { variants: list(values.variants) }),
  ...(values.scenarios === undefined ? {} : { scenarios: list(values.scenarios) }),
  ...(values.concurrency === undefined ? {} : { concurrencies: list(values.concurrency).map(Number) }),
  ...(values.scale === undefined ? {} : { callScale: Number(values.scale) }),
  ...(values.transport === undefined ? {} : { transport: values.transport }),
  ...(values.warmup === undefined ? {} : { minimumWarmup: Number(values.warmup) }),
  peerDefaults: values['peer-defaults'],
  evaluation: values.evaluation,
  ...(values['no-throughput'] ? { throughput: false } : {}),
};

const results = await runBench(options, { log: (line) => console.error(line) });
console.log(formatReport(results));
if (values.json !== undefined) {
  writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`results written to ${values.json}`);
}
if (values.markdown !== undefined) {
  writeFileSync(values.markdown, `${formatMarkdown(results)}\n`);
  console.error(`summary written to ${values.markdown}`);
}
process.exitCode = results.rows.some((row) => row.problems.length > 0) ? 1 : 0;
