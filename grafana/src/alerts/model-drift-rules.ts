// Model drift: behaviour changes with no code change. A floating alias in production, or a new checkpoint or
// system fingerprint behind a label.
import { METRIC_DRIFTWATCH_MODEL_CHECKPOINT, METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS } from '@driftwatch/semconv';
import { LABEL, SERVICE_KEYS, series } from '../names.ts';
import { increase, on, selector, sumBy } from '../promql.ts';
import { NON_PRODUCTION_ENVIRONMENTS } from '../settings.ts';
import { alertRule } from './alert.ts';
import type { RuleFile } from './rule-types.ts';

const labelKeys = [...SERVICE_KEYS, LABEL.provider, LABEL.requestModel];
const checkpointKeys = [...labelKeys, LABEL.responseModel, LABEL.fingerprint];
const checkpoint = series(METRIC_DRIFTWATCH_MODEL_CHECKPOINT);
const unpinnedInProduction = selector(
  series(METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS),
  `${LABEL.environment}!~"${NON_PRODUCTION_ENVIRONMENTS}"`,
);

/**
 * The checkpoint gauge is 1 for the pair (response model, fingerprint) serving a label now. A pair that serves now
 * but served at no time in the day before the last hour is new; a label with no history at all is a new service,
 * not a change. A flip back to a pair seen that day is not a change either (providers serve a label from several
 * backends). Unlike `increase()` on the changes counter, this also sees a change whose counter series starts at 1,
 * and one that happened across a restart.
 */
const checkpointChanged = [
  `max by (${checkpointKeys.join(', ')}) (${checkpoint} == 1)`,
  `unless ${on(checkpointKeys)}`,
  `(max by (${checkpointKeys.join(', ')}) (max_over_time(${checkpoint}[1d] offset 1h)) == 1)`,
  `and ${on(labelKeys)}`,
  `count by (${labelKeys.join(', ')}) (max_over_time(${checkpoint}[1d] offset 1h))`,
].join('\n');

export const MODEL_DRIFT_RULES: RuleFile = {
  name: 'model-drift',
  about: 'Model drift: floating model aliases in production, checkpoint and system fingerprint changes.',
  groups: [
    {
      name: 'driftwatch-model-drift',
      rules: [
        alertRule({
          name: 'DriftwatchUnpinnedModelInProduction',
          severity: 'P2',
          category: 'model_drift',
          for: '15m',
          expr: [
            `${sumBy(labelKeys, increase(unpinnedInProduction, '1h'))} > 0`,
            'or',
            `${sumBy(labelKeys, unpinnedInProduction)}`,
            `unless ${on(labelKeys)}`,
            `${sumBy(labelKeys, `${unpinnedInProduction} offset 1h`)}`,
          ].join('\n'),
          summary: `{{ $labels.${LABEL.service} }} calls the floating model alias {{ $labels.${LABEL.requestModel} }} in production`,
          description:
            `{{ $labels.${LABEL.service} }} ({{ $labels.${LABEL.environment} }}) sends requests for ` +
            `{{ $labels.${LABEL.requestModel} }}, an alias the provider can move to another checkpoint at any time. ` +
            'Pin a dated checkpoint.',
        }),
        alertRule({
          name: 'DriftwatchModelCheckpointChanged',
          severity: 'P2',
          category: 'model_drift',
          for: '0m',
          expr: checkpointChanged,
          summary:
            `{{ $labels.${LABEL.requestModel} }} is now served by {{ $labels.${LABEL.responseModel} }} ` +
            `{{ $labels.${LABEL.fingerprint} }}`,
          description:
            `Within the last hour the provider started serving {{ $labels.${LABEL.requestModel} }} for ` +
            `{{ $labels.${LABEL.service} }} from {{ $labels.${LABEL.responseModel} }} (fingerprint ` +
            `"{{ $labels.${LABEL.fingerprint} }}"), a checkpoint not seen the day before. Watch quality, escalations ` +
            'and cost for the next hours.',
        }),
      ],
    },
  ],
};
