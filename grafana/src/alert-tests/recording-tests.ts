import {
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
} from '@driftwatch/semconv';
import { RECORD } from '../alerts/recording-rules.ts';
import { LABEL, series } from '../names.ts';
import { AGENT, RUN } from './fixtures.ts';
import { counter } from './series-notation.ts';
import type { AlertTestFile, Labels } from './unit-test-types.ts';

/** `name{a="b"}` as promtool's exp_samples write it. */
function sample(name: string, labels: Labels): string {
  return `${name}{${Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ')}}`;
}

export const RECORDING_TESTS: AlertTestFile = {
  ruleFile: 'driftwatch-recording',
  alsoLoads: ['driftwatch-budget'],
  tests: [
    {
      name: 'Ratios are 0, not absent, before the first escalation or repeat; then the share of runs (15 of 30 a minute)',
      series: [
        { name: series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS), labels: RUN, values: counter([[30, 120]]) },
        {
          name: series(METRIC_DRIFTWATCH_AGENT_ESCALATIONS),
          labels: { ...AGENT, [LABEL.escalationCategory]: 'low_confidence' },
          values: counter([[15, 60]], 61),
        },
      ],
      checks: [],
      expressions: [
        {
          at: '60m',
          expr: RECORD.escalationRatio,
          samples: [{ labels: sample(RECORD.escalationRatio, AGENT), value: 0 }],
        },
        { at: '60m', expr: RECORD.repeatRatio, samples: [{ labels: sample(RECORD.repeatRatio, AGENT), value: 0 }] },
        {
          at: '120m',
          expr: RECORD.escalationRatio,
          samples: [{ labels: sample(RECORD.escalationRatio, AGENT), value: 0.5 }],
        },
        { at: '120m', expr: RECORD.runsRate, samples: [{ labels: sample(RECORD.runsRate, AGENT), value: 0.5 }] },
        {
          at: '120m',
          expr: series(METRIC_DRIFTWATCH_AGENT_REPEATS),
          samples: [],
        },
      ],
    },
    {
      name: 'The daily budget defaults to one series without a service label',
      series: [],
      checks: [],
      expressions: [{ at: '1m', expr: RECORD.dailyBudget, samples: [{ labels: `${RECORD.dailyBudget}`, value: 100 }] }],
    },
  ],
};
