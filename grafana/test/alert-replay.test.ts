// The shipped alert rules replayed through the real Prometheus rule engine (promtool) on the seeded simulator: a
// shorter run of what `npm run alerts:table -w @driftwatch/grafana` measures for docs/alerts.md. A healthy agent
// pages nothing at 20, 200 and 20,000 runs an hour; every runbook change pages within the runbook's time; and the
// committed docs/alerts.md reports zero false pages and every change paged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANGES } from '../src/simulator/agent-model.ts';
import { parseFiring } from '../src/simulator/promtool-replay.ts';
import {
  type ChangeResult,
  FAST_CHANGES,
  type HealthyResult,
  pages,
  replayChanges,
  replayHealthy,
  VOLUMES,
} from '../src/simulator/scenarios.ts';
import { requireBinaries } from './support/binaries.ts';
import { GRAFANA_ROOT, REPOSITORY_ROOT } from './support/queries.ts';

const { paths, skipReason } = requireBinaries('promtool');
const rulesDirectory = join(GRAFANA_ROOT, 'alerts');
const MINUTE = 60;
const HOUR = 3600;

/** The runbook's promises (issue 15, item 5): the change, the volume it is checked at, the time it must page in. */
const PROMISES = [
  { change: 'tool-all-failing', runsPerHour: 200, within: 5 * MINUTE },
  { change: 'tool-all-failing', runsPerHour: 20_000, within: 5 * MINUTE },
  { change: 'checkpoint-change', runsPerHour: 200, within: 5 * MINUTE },
  { change: 'checkpoint-change', runsPerHour: 20_000, within: 5 * MINUTE },
  { change: 'tool-errors', runsPerHour: 20_000, within: 15 * MINUTE },
  ...CHANGES.filter((change) => !FAST_CHANGES.includes(change)).map((change) => ({
    change,
    runsPerHour: 200,
    within: 2 * HOUR,
  })),
] as const;

describe.skipIf(skipReason !== '')(`the shipped alerts on simulated agents${skipReason}`, () => {
  let healthy: HealthyResult[] = [];
  let changes: ChangeResult[] = [];

  beforeAll(async () => {
    const common = { promtool: paths.promtool, rulesDirectory, seed: 11 };
    const [healthyResults, statistical, fast] = await Promise.all([
      replayHealthy({ ...common, days: 2, volumes: VOLUMES }),
      replayChanges({
        ...common,
        changes: CHANGES.filter((change) => !FAST_CHANGES.includes(change)),
        volumes: [200],
        stepSeconds: 300,
        historyDays: 1,
        hoursAfter: 2.5,
      }),
      replayChanges({
        ...common,
        changes: FAST_CHANGES,
        volumes: [200, 20_000],
        stepSeconds: 60,
        historyDays: 0,
        hoursAfter: 0.5,
      }),
    ]);
    healthy = healthyResults;
    changes = [...statistical, ...fast];
  }, 600_000);

  it.each(VOLUMES.map((volume) => [volume]))('pages nothing on a healthy agent at %i runs an hour', (volume) => {
    const result = healthy.find((item) => item.runsPerHour === volume);
    expect(result?.pages).toEqual([]);
  });

  it.each(PROMISES.map((promise) => [promise.change, promise.runsPerHour, promise.within / 60, promise]))(
    '%s at %i runs an hour pages within %i minutes, and nothing else pages',
    (_change, _volume, _minutes, promise) => {
      const result = changes.find((item) => item.change === promise.change && item.runsPerHour === promise.runsPerHour);
      expect(result, 'replayed').toBeDefined();
      expect(result?.timeToPage, `${result?.alert} paged`).toBeDefined();
      expect(result?.timeToPage).toBeLessThanOrEqual(promise.within);
      expect(result?.falsePages).toEqual([]);
    },
  );
});

describe('docs/alerts.md', () => {
  const read = () => readFileSync(join(REPOSITORY_ROOT, 'docs', 'alerts.md'), 'utf8');

  it('reports a healthy month without a page at every volume, and no false page in the change runs', () => {
    const document = read();
    const totals = /^\|\s*\*\*all alerts\*\*\s*\|(.+)\|\s*$/m.exec(document)?.[1];
    expect(totals?.split('|').map((cell) => cell.trim())).toEqual(['**0**', '**0**', '**0**']);
    expect(document).toContain('False pages in all change runs: **0**.');
    expect(document).not.toMatch(/\(\d+ false\)/);
  });

  it('reports every change paged at every volume', () => {
    const document = read();
    expect(document).not.toContain('not paged');
    const rows = document.split('\n').filter((line) => /^\|[^|]+\|\s*Driftwatch\w+\s*\|/.test(line));
    expect(rows).toHaveLength(CHANGES.length);
  });
});

describe('reading the replay', () => {
  const report = [
    'Unit Testing:  replay.test.yml',
    '  FAILED:',
    '    expr: "ALERTS{alertstate=\\"firing\\"}", time: 1d2h5m,',
    '        exp: nil',
    '        got: {__name__="ALERTS", alertname="DriftwatchRepeatRateHigh", alertstate="firing", service_name="a", severity="P1"} 1E+00',
    '    expr: "ALERTS{alertstate=\\"firing\\"}", time: 1d2h10m,',
    '        exp: nil',
    '        got: {__name__="ALERTS", alertname="DriftwatchRepeatRateHigh", alertstate="firing", service_name="a", severity="P1"} 1E+00',
    '    expr: "ALERTS{alertstate=\\"firing\\"}", time: 1d3h,',
    '        exp: nil',
    '        got: {__name__="ALERTS", alertname="DriftwatchRepeatRateHigh", alertstate="firing", service_name="a", severity="P1"} 1E+00',
  ].join('\n');

  it('reads each firing alert, its labels and its evaluation time from promtool', () => {
    expect(parseFiring(report)[0]).toEqual({
      seconds: 26 * 3600 + 300,
      alert: 'DriftwatchRepeatRateHigh',
      labels: { service_name: 'a', severity: 'P1' },
    });
  });

  it('counts a page where an alert fires after an evaluation where it did not', () => {
    expect(pages(parseFiring(report), 300).map((page) => page.seconds)).toEqual([26 * 3600 + 300, 27 * 3600]);
  });
});
