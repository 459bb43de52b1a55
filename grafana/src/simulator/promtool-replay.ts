// Replays simulated series through the real Prometheus rule engine: a promtool unit-test file that loads the shipped
// rule files, feeds the series and asks, at every evaluation, which alerts fire. promtool prints what it got for
// every such question that is not empty; the firing timeline of each alert is read back from that.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { groupEvaluationOrder } from '../alerts/rule-files.ts';
import { formatDuration, parseDuration } from '../fast-rules.ts';
import type { Labels, SimulatedSeries } from './simulate-agent.ts';

const run = promisify(execFile);

/** The shipped rule files the alerts need (the dashboards' recording file is not one of them). */
export const REPLAYED_RULE_FILES = [
  'silent-failure.rules.yml',
  'tool-chain.rules.yml',
  'context-cost.rules.yml',
  'model-drift.rules.yml',
  'driftwatch-budget.rules.yml',
] as const;

export interface ReplayOptions {
  readonly promtool: string;
  /** grafana/alerts. */
  readonly rulesDirectory: string;
  readonly series: readonly SimulatedSeries[];
  readonly stepSeconds: number;
  readonly steps: number;
  /** Ask for firing alerts from this step on (earlier steps are warm-up). */
  readonly fromStep?: number;
}

export interface FiringSample {
  readonly seconds: number;
  readonly alert: string;
  readonly labels: Labels;
}

const numberText = (value: number) => (Number.isNaN(value) ? '_' : String(Number(value.toPrecision(10))));

function selector(name: string, labels: Labels): string {
  return `${name}{${Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ')}}`;
}

/** Every (time, alert, labels) firing at an evaluation, from promtool's report. */
export function parseFiring(output: string): FiringSample[] {
  const samples: FiringSample[] = [];
  const blocks = output.split(/\n\s*expr: /).slice(1);
  for (const block of blocks) {
    const time = /time: ([0-9dhms]+),/.exec(block);
    const got = block.slice(block.indexOf('got:'));
    if (time === null) continue;
    const seconds = time[1] === '0s' ? 0 : parseDuration(time[1] as string) / 1000;
    for (const match of got.matchAll(/\{([^}]*)\}/g)) {
      const labels: Record<string, string> = {};
      for (const pair of (match[1] as string).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[pair[1] as string] = pair[2] as string;
      }
      if (labels.alertname === undefined) continue;
      const { alertname, alertstate: _state, __name__: _name, ...rest } = labels;
      samples.push({ seconds, alert: alertname, labels: rest });
    }
  }
  return samples;
}

/** Runs the replay and returns every firing sample at every evaluation from `fromStep` on. */
export async function replay(options: ReplayOptions): Promise<FiringSample[]> {
  const directory = mkdtempSync(join(tmpdir(), 'driftwatch-replay-'));
  try {
    const interval = formatDuration(options.stepSeconds * 1000);
    const checks = [];
    for (let step = options.fromStep ?? 1; step < options.steps; step++) {
      checks.push({
        expr: 'ALERTS{alertstate="firing"}',
        eval_time: formatDuration(step * options.stepSeconds * 1000),
        exp_samples: [],
      });
    }
    const test = {
      rule_files: REPLAYED_RULE_FILES.map((file) => join(options.rulesDirectory, file)),
      group_eval_order: groupEvaluationOrder(REPLAYED_RULE_FILES),
      evaluation_interval: interval,
      tests: [
        {
          interval,
          input_series: options.series.map((item) => ({
            series: selector(item.name, item.labels),
            values: item.values.map(numberText).join(' '),
          })),
          promql_expr_test: checks,
        },
      ],
    };
    const file = join(directory, 'replay.test.yml');
    writeFileSync(file, stringify(test, { lineWidth: 0 }));
    let output: string;
    try {
      const result = await run(options.promtool, ['test', 'rules', file], { maxBuffer: 1 << 30 });
      output = `${result.stdout}\n${result.stderr}`;
    } catch (error) {
      // promtool exits 1 when any question got an answer (a firing alert): that is the answer, not a failure.
      const failure = error as { stdout?: string; stderr?: string };
      output = `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`;
      if (!output.includes('got:')) throw new Error(`promtool failed:\n${output}`);
    }
    return parseFiring(output);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
