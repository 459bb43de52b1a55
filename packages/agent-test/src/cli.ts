#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { modelRefusal } from './cli/model-option';
import { resultsPath } from './cli/results-path';
import { diffAgainstBaseline, renderBaselineDiff } from './report/baseline-diff';
import { junitReport } from './report/junit-report';
import { renderSummary } from './report/terminal-report';
import type { SuiteResults } from './results';
import { runSuite } from './run-suite';
import { LAYERS, type LayerName } from './types';

const USAGE = `Usage: driftwatch-test [suite file] [options]

Runs an agent's test suite (regression cases, adversarial inputs, tool faults, context limits, concurrency) in
this process under Driftwatch, and checks outputs and Driftwatch's run signals.

  suite file               a JS/TS module or YAML file (default: agent-test.suite.{mjs,js,ts,yaml,yml})
  --model <checkpoint>     run on this model instead of the suite's (a dated checkpoint)
  --baseline <file>        a previous results file: print a diff per case and layer, fail on regressions
  --json <file>            write the results (the next baseline); default driftwatch-test-results.json, or
                           <name>.candidate.json beside it when that is the --baseline (never overwritten)
  --junit <file>           write JUnit XML, one test suite per layer
  --layers <list>          only these layers: ${LAYERS.join(',')}
  --quiet                  print only failures and the summary
  --help                   this text

Exit status: 0 when everything passed, 1 on a failing case or a regression, 2 on a usage or suite error.
Telemetry is exported as configured by the OTEL_* variables, tagged with driftwatch.test.run.id.`;

const DEFAULT_SUITES = ['mjs', 'js', 'ts', 'yaml', 'yml'].map((extension) => `agent-test.suite.${extension}`);

/** A mistake on the command line: said in one line, with a pointer to `--help`, exit status 2. */
class UsageError extends Error {}

function layersFrom(list: string | undefined): LayerName[] | undefined {
  if (list === undefined) return undefined;
  const names = list.split(',').map((name) => name.trim().replace('-', '_'));
  for (const name of names) {
    if (!(LAYERS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown layer "${name}" in --layers; the layers are ${LAYERS.join(', ')}`);
    }
  }
  return names as LayerName[];
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        baseline: { type: 'string' },
        json: { type: 'string', default: 'driftwatch-test-results.json' },
        junit: { type: 'string' },
        layers: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine();
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const refusal = values.model === undefined ? undefined : modelRefusal(values.model);
  if (refusal !== undefined) throw new UsageError(refusal);
  const layers = layersFrom(values.layers);
  const suite = positionals[0] ?? DEFAULT_SUITES.find((file) => existsSync(file));
  if (suite === undefined) throw new Error(`no suite file given and none of ${DEFAULT_SUITES.join(', ')} here`);
  const baseline =
    values.baseline === undefined ? undefined : (JSON.parse(readFileSync(values.baseline, 'utf8')) as SuiteResults);
  const results = await runSuite({
    suite,
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(layers !== undefined ? { layers } : {}),
    quiet: values.quiet,
  });
  process.stdout.write(`${renderSummary(results)}\n`);
  const written = resultsPath(values.json, values.baseline);
  writeFileSync(written.path, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    written.beside === undefined
      ? `Results: ${written.path}\n`
      : `Results: ${written.path} (beside the baseline ${written.beside}, which is kept)\n`,
  );
  if (values.junit !== undefined) {
    writeFileSync(values.junit, junitReport(results));
    process.stdout.write(`JUnit: ${values.junit}\n`);
  }
  let regressions = 0;
  if (baseline !== undefined) {
    const diff = diffAgainstBaseline(baseline, results);
    regressions = diff.regressions;
    process.stdout.write(`\n${renderBaselineDiff(diff)}\n`);
  }
  return results.pass && regressions === 0 ? 0 : 1;
}

/**
 * Ends the process once stdout and stderr have taken everything written, as `register` ends an app whose final
 * flush gave up: the exporters' retry timers, when no collector answers, would hold it for seconds more.
 */
function exitWhenWritten(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main().then(
  (code) => exitWhenWritten(code),
  (error: unknown) => {
    const message = (error as Error)?.message ?? String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`driftwatch-test: ${message}\nRun driftwatch-test --help for the options.\n`);
    } else {
      process.stderr.write(`driftwatch-test: ${message}\n\n${USAGE}\n`);
    }
    exitWhenWritten(2);
  },
);
