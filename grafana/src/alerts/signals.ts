// The signals the baseline alerts test, as counts (events among trials) and means (a value per run), built from the
// semconv series. Their recording rules come from statistics.ts.
import {
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  type MetricDefinition,
} from '@driftwatch/semconv';
import { AGENT_KEYS, countOf, LABEL, series, sumOf } from '../names.ts';
import { selector, sumBy } from '../promql.ts';
import { STATISTICS, THRESHOLDS } from '../settings.ts';
import type { CountSignal, MeanSignal } from './statistics.ts';

type Fn = 'rate' | 'increase';
/** `fn(series[window])`. */
const apply = (fn: Fn, seriesName: string, window: string) => `${fn}(${seriesName}[${window}])`;

/** `sum by (keys) (fn(events[w]))`, or 0 for each key set that has trials but no event series yet. */
function eventsOrZero(keys: readonly string[], events: string, trials: string) {
  return (window: string, fn: Fn) =>
    `(\n  ${sumBy(keys, apply(fn, events, window))}\n  or\n  ${sumBy(keys, apply(fn, trials, window))} * 0\n)`;
}

const runs = series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
const runsOf = (window: string, fn: Fn) => sumBy(AGENT_KEYS, apply(fn, runs, window));

/** A share of an agent's runs: escalated runs, repeated tasks. */
function shareOfRuns(stem: string, events: string): CountSignal {
  return {
    stem,
    keys: AGENT_KEYS,
    events: eventsOrZero(AGENT_KEYS, events, runs),
    trials: runsOf,
    windows: STATISTICS.windows,
  };
}

export const ESCALATIONS = shareOfRuns('agent_escalation', series(METRIC_DRIFTWATCH_AGENT_ESCALATIONS));
export const REPEATS = shareOfRuns('agent_repeat', series(METRIC_DRIFTWATCH_AGENT_REPEATS));

export const TOOL_KEYS = [...AGENT_KEYS, LABEL.tool] as const;
const toolCalls = series(METRIC_DRIFTWATCH_TOOL_CALLS);
/** Failed calls carry `error.type`; successful ones have no such label (it is never set to ""). */
export const FAILED_TOOL_CALLS = selector(toolCalls, `${LABEL.errorType}!=""`);
export const SUCCEEDED_TOOL_CALLS = selector(toolCalls, `${LABEL.errorType}=""`);

export const TOOL_ERRORS: CountSignal = {
  stem: 'tool_error',
  keys: TOOL_KEYS,
  events: eventsOrZero(TOOL_KEYS, FAILED_TOOL_CALLS, toolCalls),
  trials: (window, fn) => sumBy(TOOL_KEYS, apply(fn, toolCalls, window)),
  windows: STATISTICS.toolWindows,
  baselineCap: THRESHOLDS.toolErrorRatio / 2,
};

/** The shortfall of a [0, 1] histogram's values from 1 (count - sum): failures for booleans, 1 - score for scores. */
function shortfall(metric: MetricDefinition, keys: readonly string[], stem: string): CountSignal {
  const count = (window: string, fn: Fn) => sumBy(keys, apply(fn, countOf(metric), window));
  return {
    stem,
    keys,
    events: (window, fn) => `(\n  ${count(window, fn)}\n  -\n  ${sumBy(keys, apply(fn, sumOf(metric), window))}\n)`,
    trials: count,
    windows: STATISTICS.windows,
  };
}

export const EVALUATION_KEYS = [...AGENT_KEYS, LABEL.evaluation] as const;
export const OUTCOME_KEYS = [...AGENT_KEYS, LABEL.outcomeName] as const;
export const QUALITY_SHORTFALL = shortfall(METRIC_DRIFTWATCH_EVALUATION_SCORE, EVALUATION_KEYS, 'evaluation_shortfall');
export const OUTCOME_SHORTFALL = shortfall(METRIC_DRIFTWATCH_OUTCOME_VALUE, OUTCOME_KEYS, 'outcome_shortfall');

function perRun(metric: MetricDefinition, stem: string, matchers = ''): MeanSignal {
  return {
    stem,
    keys: AGENT_KEYS,
    sum: (window, fn) => sumBy(AGENT_KEYS, apply(fn, selector(sumOf(metric), matchers), window)),
    count: (window, fn) => sumBy(AGENT_KEYS, apply(fn, selector(countOf(metric), matchers), window)),
    windows: STATISTICS.windows,
  };
}

export const COST_PER_RUN = perRun(METRIC_DRIFTWATCH_AGENT_COST, 'agent_cost_per_run');
export const STEPS_PER_RUN = perRun(METRIC_DRIFTWATCH_AGENT_STEPS, 'agent_steps_per_run');
export const INPUT_TOKENS_PER_RUN = perRun(
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  'agent_input_tokens_per_run',
  `${LABEL.tokenType}="${GEN_AI_TOKEN_TYPE_VALUE_INPUT}"`,
);
