// Writes docs/alerts.md: how the baseline alerts decide, and what a replay of simulated months through the shipped
// rules (real promtool rule engine) measured: false pages of a healthy month and time to page of each runbook change,
// at 20, 200 and 20,000 runs an hour.
//   npm run alerts:table -w @driftwatch/grafana [-- --days 30 --seed 7]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { STATISTICS, THRESHOLDS } from '../settings.ts';
import { CHANGE_DESCRIPTIONS, CHANGES, type Change } from './agent-model.ts';
import { alertsDocument } from './alerts-document.ts';
import { FAST_CHANGES, replayChanges, replayHealthy, VOLUMES } from './scenarios.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    'history-days': { type: 'string', default: '7' },
    'hours-after': { type: 'string', default: '24' },
    seed: { type: 'string', default: '7' },
    out: { type: 'string', default: join(import.meta.dirname, '..', '..', '..', 'docs', 'alerts.md') },
    // The promtool of the compose stack's Prometheus major, as .ci/run builds it, else the one on PATH.
    promtool: { type: 'string', default: process.env.PROMTOOL ?? process.env.DRIFTWATCH_PROMTOOL ?? 'promtool' },
  },
});

const promtoolVersion = /version (\S+)/.exec(execFileSync(values.promtool, ['--version'], { encoding: 'utf8' }))?.[1];
if (promtoolVersion === undefined) throw new Error(`cannot read the version of ${values.promtool}`);
const rulesDirectory = join(import.meta.dirname, '..', '..', 'alerts');
const seed = Number(values.seed);
const started = Date.now();
const statistical = CHANGES.filter((change) => !FAST_CHANGES.includes(change));
const [healthy, slow, fast] = await Promise.all([
  replayHealthy({ promtool: values.promtool, rulesDirectory, days: Number(values.days), volumes: VOLUMES, seed }),
  replayChanges({
    promtool: values.promtool,
    rulesDirectory,
    changes: statistical,
    volumes: VOLUMES,
    stepSeconds: 300,
    historyDays: Number(values['history-days']),
    hoursAfter: Number(values['hours-after']),
    seed,
  }),
  replayChanges({
    promtool: values.promtool,
    rulesDirectory,
    changes: FAST_CHANGES,
    volumes: VOLUMES,
    stepSeconds: 60,
    historyDays: 1,
    hoursAfter: 14,
    seed,
  }),
]);
const document = alertsDocument({
  healthy,
  changes: [...fast, ...slow],
  seed,
  historyDays: Number(values['history-days']),
  promtoolVersion,
  describe: (change: Change) => CHANGE_DESCRIPTIONS[change],
  statistics: STATISTICS,
  thresholds: THRESHOLDS,
});
writeFileSync(values.out, document);
console.log(`wrote ${values.out} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
