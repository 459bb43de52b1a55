// `npm run test:agent`: the agent's test suite (agent-test/suite.mjs) with driftwatch-test, against the demo's
// world, healthy or with one of the week's failures on: `-- --inject checkpoint-swap | crm-outage |
// crm-schema-change` (repeatable). Every other option goes to driftwatch-test (`--junit <file>`, `--model <checkpoint>`,
// `--baseline <results.json>`, `--json <file>`, `--layers <list>`, `--quiet`); `-- --help` lists them all.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INJECTIONS, startTestWorld } from './agent-test/world.mjs';

const CLI = fileURLToPath(
  import.meta.resolve('@driftwatch/agent-test/package.json').replace(/package\.json$/, 'dist/cli.js'),
);
const SUITE = fileURLToPath(new URL('./agent-test/suite.mjs', import.meta.url));

const RESULTS = join(tmpdir(), 'lead-qualification-agent-test.json');
const CHOICES = Object.keys(INJECTIONS).join(', ');
const USAGE = `Usage: npm run test:agent -- [--inject <failure>]... [driftwatch-test options]

Runs the lead-qualification agent's test suite with driftwatch-test against the demo's world (a mock LLM, the
enrichment API and the CRM), healthy or with failures switched on.

  --inject <failure>       switch a failure on (repeatable):
${Object.entries(INJECTIONS)
  .map(([name, about]) => `                             ${name.padEnd(18)} ${about}`)
  .join('\n')}
  --json <file>            default ${RESULTS}; with --baseline that same file, the run writes
                           ${RESULTS.replace(/\.json$/, '.candidate.json')} and keeps the baseline

The driftwatch-test options (the suite file is given):
`;

/** A mistake on the command line: one line on stderr, exit status 2. */
function refuse(message) {
  process.stderr.write(`test:agent: ${message}\nRun npm run test:agent -- --help for the options.\n`);
  process.exit(2);
}

const inject = [];
const passThrough = [];
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index++) {
  const arg = args[index];
  const [name, inlineValue] = arg.startsWith('--inject=') ? ['--inject', arg.slice('--inject='.length)] : [arg];
  if (name !== '--inject') {
    passThrough.push(arg);
    continue;
  }
  const failure = inlineValue ?? args[++index];
  if (failure === undefined || failure.startsWith('--')) refuse(`--inject needs a failure: ${CHOICES}`);
  if (!(failure in INJECTIONS)) refuse(`unknown failure "${failure}" for --inject; choose ${CHOICES}`);
  inject.push(failure);
}
if (passThrough.includes('--help') || passThrough.includes('-h')) {
  process.stdout.write(USAGE);
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  // Its option lines and what follows them (the suite file is the demo's).
  process.stdout.write(help.stdout.slice(help.stdout.indexOf('\n  --') + 1));
  process.exit(0);
}
if (!passThrough.some((arg) => arg === '--json' || arg.startsWith('--json='))) passThrough.push('--json', RESULTS);

process.stdout.write(
  `The lead-qualification agent's test suite, world ${inject.length === 0 ? 'healthy' : `with ${inject.map((name) => `${name} (${INJECTIONS[name] ?? 'unknown'})`).join(', ')}`}\n`,
);
const world = await startTestWorld({ inject });
// Without a backend configured, the test run's telemetry stays in the process (the checks read it there).
const exportConfigured = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_TRACES_EXPORTER);
const child = spawn(process.execPath, [CLI, SUITE, ...passThrough], {
  stdio: 'inherit',
  env: {
    ...process.env,
    ...world.env,
    OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME ?? 'lead-qualifier',
    ...(exportConfigured
      ? {}
      : { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }),
  },
});
const [code] = await once(child, 'exit');
await world.close();
process.exitCode = code ?? 1;
