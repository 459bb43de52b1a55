import { METRIC_DRIFTWATCH_MODEL_CHECKPOINT, METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS } from '@driftwatch/semconv';
import { LABEL, series } from '../names.ts';
import { MODEL, SERVICE } from './fixtures.ts';
import { counter, gauge } from './series-notation.ts';
import type { AlertTestFile, Labels } from './unit-test-types.ts';

const unpinned = series(METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS);
const checkpoint = series(METRIC_DRIFTWATCH_MODEL_CHECKPOINT);
const UNPINNED = 'DriftwatchUnpinnedModelInProduction';
const CHANGED = 'DriftwatchModelCheckpointChanged';
const PRODUCTION_LABEL: Labels = { ...SERVICE, ...MODEL };
const STAGING_LABEL: Labels = { ...PRODUCTION_LABEL, [LABEL.environment]: 'staging' };

function pair(responseModel: string, fingerprint: string, extra: Labels = {}): Labels {
  return { ...SERVICE, ...MODEL, [LABEL.responseModel]: responseModel, [LABEL.fingerprint]: fingerprint, ...extra };
}
const OLD = pair('gpt-4o-2024-08-06', 'fp_a');
const NEW = pair('gpt-4o-2024-11-20', 'fp_b');

export const MODEL_DRIFT_TESTS: AlertTestFile = {
  ruleFile: 'model-drift',
  alsoLoads: [],
  tests: [
    {
      name: `${UNPINNED}: a floating alias in production fires; the same in staging does not`,
      series: [
        { name: unpinned, labels: PRODUCTION_LABEL, values: counter([[5, 60]]) },
        { name: unpinned, labels: STAGING_LABEL, values: counter([[5, 60]]) },
      ],
      checks: [
        { at: '10m', alert: UNPINNED, firing: [] },
        { at: '60m', alert: UNPINNED, firing: [{ labels: PRODUCTION_LABEL, value: 300 }] },
      ],
    },
    {
      name: `${UNPINNED}: a single call (the counter series starts at 1) fires for the hour after it, then resolves`,
      series: [{ name: unpinned, labels: PRODUCTION_LABEL, values: gauge([undefined, 10], [1, 121]) }],
      checks: [
        { at: '30m', alert: UNPINNED, firing: [{ labels: PRODUCTION_LABEL, value: 1 }] },
        { at: '75m', alert: UNPINNED, firing: [] },
      ],
    },
    {
      name: `${UNPINNED}: resolves once the last call is an hour old`,
      series: [
        {
          name: unpinned,
          labels: PRODUCTION_LABEL,
          values: counter([
            [5, 60],
            [0, 120],
          ]),
        },
      ],
      checks: [
        { at: '60m', alert: UNPINNED, firing: [{ labels: PRODUCTION_LABEL, value: 300 }] },
        { at: '180m', alert: UNPINNED, firing: [] },
      ],
    },
    {
      name: `${CHANGED}: a checkpoint not served the day before fires for an hour, then resolves`,
      series: [
        { name: checkpoint, labels: OLD, values: gauge([1, 1501], [0, 121]) },
        { name: checkpoint, labels: NEW, values: gauge([undefined, 1501], [1, 121]) },
      ],
      checks: [
        { at: '1500m', alert: CHANGED, firing: [] },
        { at: '1510m', alert: CHANGED, firing: [{ labels: NEW, value: 1 }] },
        { at: '1621m', alert: CHANGED, firing: [] },
      ],
    },
    {
      name: `${CHANGED}: flipping back to a checkpoint served the day before is not a change`,
      series: [
        { name: checkpoint, labels: OLD, values: gauge([1, 701], [0, 800], [1, 60], [0, 60]) },
        { name: checkpoint, labels: NEW, values: gauge([undefined, 701], [1, 800], [0, 60], [1, 60]) },
      ],
      checks: [
        { at: '720m', alert: CHANGED, firing: [{ labels: NEW, value: 1 }] },
        { at: '1530m', alert: CHANGED, firing: [] },
        { at: '1600m', alert: CHANGED, firing: [] },
      ],
    },
    {
      name: `${CHANGED}: the first checkpoint of a new service is not a change`,
      series: [{ name: checkpoint, labels: NEW, values: gauge([undefined, 100], [1, 101]) }],
      checks: [{ at: '150m', alert: CHANGED, firing: [] }],
    },
    {
      name: `${CHANGED}: a change across a restart (the old instance's series ends, the new one starts) fires`,
      series: [
        { name: checkpoint, labels: { ...OLD, instance: 'a' }, values: gauge([1, 1501]) },
        { name: checkpoint, labels: { ...NEW, instance: 'b' }, values: gauge([undefined, 1501], [1, 61]) },
      ],
      checks: [{ at: '1510m', alert: CHANGED, firing: [{ labels: NEW, value: 1 }] }],
    },
  ],
};
