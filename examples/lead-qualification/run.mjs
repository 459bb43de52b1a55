// The demo: `npm run demo` (a week, a few minutes) or `npm run demo -- --fast` (under a minute).
// Options: --scenario <file.json>, --days <n>, --seconds-per-day <s> (pacing; 0 runs flat out), --json <file>
// (write the figures), --quiet (no progress bar).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findings, renderDays, summarizeWeek, traceTree } from './src/report.mjs';
import { runSimulation } from './src/simulation.mjs';
import { DAYS } from './world/leads.mjs';

const USAGE = `Usage: npm run demo -- [options]

Runs the lead-qualification agent through a simulated week against local mock services (an LLM, a CRM, an
enrichment API and an OTLP receiver) with injected failures, and prints what Driftwatch shows of it.

  --fast                   the short scenario (scenarios/fast.json, under a minute) instead of the week
  --scenario <file.json>   another scenario (see scenarios/week.json)
  --days <n>               simulate n days (default 7)
  --seconds-per-day <s>    pacing: wall-clock seconds per simulated day (0 runs flat out)
  --json <file>            also write the figures per day as JSON
  --quiet                  no progress bar
  --help                   this text`;

/** A mistake on the command line: one line on stderr, exit status 2. */
function refuse(message) {
  process.stderr.write(`demo: ${message}\nRun npm run demo -- --help for the options.\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      fast: { type: 'boolean', default: false },
      scenario: { type: 'string' },
      days: { type: 'string', default: '7' },
      'seconds-per-day': { type: 'string' },
      json: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  refuse(error.message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!/^[1-9]\d*$/.test(values.days)) refuse(`--days takes a whole number of days from 1, not "${values.days}"`);
const pacing = values['seconds-per-day'];
if (pacing !== undefined && (pacing.trim() === '' || !(Number(pacing) >= 0))) {
  refuse(`--seconds-per-day takes a number of seconds from 0, not "${pacing}"`);
}
const scenarioPath = values.scenario ?? new URL(`./scenarios/${values.fast ? 'fast' : 'week'}.json`, import.meta.url);
const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));
const days = Number(values.days);
const out = process.stdout;

out.write(`Driftwatch demo: the lead-qualification agent through a simulated week\n${scenario.description}\n\n`);
out.write('Injected failures:\n');
for (const [name, failure] of Object.entries(scenario.failures)) {
  out.write(`  ${failure.enabled ? '[on] ' : '[off]'} ${name.padEnd(16)} ${failure.about}\n`);
}
out.write('\n');

const totalPerDay = scenario.leadsPerDay;
const showProgress = !values.quiet;
const onProgress = ({ day, done, total }) => {
  if (!showProgress) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  const line = `  ${DAYS[day % 7]} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(3)}/${total} runs`;
  if (out.isTTY) out.write(`\r${line}`);
  else if (done === total) out.write(`${line}\n`);
  if (out.isTTY && done === total) out.write('\n');
};

const started = Date.now();
const secondsPerDay = values['seconds-per-day'] === undefined ? undefined : Number(values['seconds-per-day']);
const result = await runSimulation(scenario, { days, secondsPerDay, onProgress });
const summary = summarizeWeek(result);
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const firstRun = result.spans.find(
  (span) => span.name === 'invoke_agent lead-qualifier' && span.attributes['driftwatch.agent.outcome'] === 'success',
);
out.write(`\nOne execution, as exported (trace ${firstRun?.traceId ?? 'n/a'}):\n`);
if (firstRun) out.write(`${traceTree(result.spans, firstRun.traceId)}\n`);
out.write(
  `\nThe week, from the exported spans and metrics (${result.spans.length} spans, ${totalPerDay} new leads a day):\n`,
);
out.write(`${renderDays(summary)}\n`);
const caught = findings(summary);
out.write('\nWhat Driftwatch caught (error rate and latency alone would show little of it):\n');
out.write(caught.length > 0 ? `${caught.join('\n')}\n` : ' nothing moved\n');
out.write(`\nDone in ${seconds} s.\n`);
if (values.json)
  writeFileSync(values.json, `${JSON.stringify({ scenario: scenarioPath.toString(), summary }, null, 2)}\n`);
