// Trace drill-down: Tempo TraceQL tables of the runs behind each alert. Every row opens the trace.

import { METRIC_DRIFTWATCH_EVALUATION_SCORE } from '@driftwatch/semconv';
import { countOf, LABEL } from '../names.ts';
import { composeDashboard, traceTablePanel } from './panels.ts';
import { TRACEQL } from './traceql.ts';
import { AGENT_VARIABLES, costThresholdVariable, labelVariable, scoreThresholdVariable } from './variables.ts';

/** One evaluator at a time: its name is part of the span attribute the search filters on. */
const singleEvaluationVariable = labelVariable({
  name: 'evaluation',
  label: 'Evaluation',
  query: `label_values(${countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE)}{${LABEL.service}=~"$service"}, ${LABEL.evaluation})`,
  single: true,
});

export function tracesDashboard() {
  return composeDashboard({
    uid: 'driftwatch-traces',
    title: 'Driftwatch / Trace drill-down',
    description:
      'The traces behind the alerts. Tail sampling keeps every errored, escalated, expensive and low-scoring run, so these tables are complete for them.',
    variables: [...AGENT_VARIABLES, singleEvaluationVariable, costThresholdVariable, scoreThresholdVariable],
    rows: [
      {
        title: 'Runs that went wrong',
        panels: [
          traceTablePanel({
            title: 'Errored runs',
            description: 'Runs that threw (status error), with the error.type.',
            traceql: TRACEQL.erroredRuns,
          }),
          traceTablePanel({
            title: 'Escalated runs',
            description: 'Runs handed to a human, with the escalation category.',
            traceql: TRACEQL.escalatedRuns,
          }),
          traceTablePanel({
            title: 'Low-scoring LLM calls ($evaluation under $score_threshold)',
            description:
              'Calls whose synchronous evaluator scored under the threshold (driftwatch.evaluation.<name>.score).',
            traceql: TRACEQL.lowScores,
          }),
          traceTablePanel({
            title: 'Expensive runs (over $cost_threshold USD)',
            description: 'Runs whose LLM calls cost more than the threshold.',
            traceql: TRACEQL.expensiveRuns,
          }),
          traceTablePanel({
            title: 'Repeated tasks',
            description: 'Runs for a task already completed within the repeat window: the first answer did not stick.',
            traceql: TRACEQL.repeatedRuns,
          }),
        ],
      },
      {
        title: 'Causes',
        panels: [
          traceTablePanel({
            title: 'Failed tool calls',
            description: 'execute_tool spans with an error.type.',
            traceql: TRACEQL.toolErrors,
          }),
          traceTablePanel({
            title: 'Checkpoint changes',
            description: 'The first LLM call answered by a new checkpoint or fingerprint.',
            traceql: TRACEQL.modelChanges,
          }),
          traceTablePanel({
            title: 'Context windows nearly full',
            description: 'LLM calls over the critical fill.',
            traceql: TRACEQL.contextNearlyFull,
          }),
          traceTablePanel({
            title: 'Provider fallbacks',
            description: 'LLM calls answered by a fallback provider after the first failed.',
            traceql: TRACEQL.fallbacks,
          }),
        ],
      },
    ],
  });
}
