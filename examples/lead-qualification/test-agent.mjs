// `npm run test:agent`: the agent's test suite (agent-test/suite.mjs) with driftwatch-test, against the demo's
// world, healthy or with one of the week's failures on: `-- --inject checkpoint-swap | crm-outage |
// crm-schema-change` (repeatable). Every other option goes to driftwatch-test (`--junit <file>`, `--model <checkpoint>`,
// `--baseline <results.json>`, `--json <file>`, `--layers <list>`, `--quiet`).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INJECTIONS, startTestWorld } from './agent-test/world.mjs';

const CLI = fileURLToPath(
  import.meta.resolve('@driftwatch/agent-test/package.json').replace(/package\.json$/, 'dist/cli.js'),
);
const SUITE = fileURLToPath(new URL('./agent-test/suite.mjs', import.meta.url));

const inject = [];
const passThrough = [];
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index++) {
  if (args[index] === '--inject') inject.push(args[++index]);
  else passThrough.push(args[index]);
}
if (!passThrough.includes('--json')) passThrough.push('--json', join(tmpdir(), 'lead-qualification-agent-test.json'));

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
