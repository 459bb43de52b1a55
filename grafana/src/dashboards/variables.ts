// Template variables and the label filters built from them.
import {
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@driftwatch/semconv';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { countOf, LABEL, series } from '../names.ts';
import { PROMETHEUS_DATASOURCE } from './datasources.ts';

/** A variable listing a label's values; several or All (`.*`) unless `single`. */
export function labelVariable(options: {
  name: string;
  label: string;
  query: string;
  single?: boolean;
}): dashboard.QueryVariableBuilder {
  const variable = new dashboard.QueryVariableBuilder(options.name)
    .label(options.label)
    .datasource(PROMETHEUS_DATASOURCE)
    .query(options.query)
    .definition(options.query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  if (options.single === true) return variable;
  return variable.multi(true).includeAll(true).allValue('.*').current({ text: 'All', value: '$__all' });
}

const llmCalls = countOf(METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
const runs = series(METRIC_DRIFTWATCH_AGENT_EXECUTIONS);

export const environmentVariable = labelVariable({
  name: 'environment',
  label: 'Environment',
  query: `label_values(${llmCalls}, ${LABEL.environment})`,
});
export const serviceVariable = labelVariable({
  name: 'service',
  label: 'Service',
  query: `label_values(${llmCalls}{${LABEL.environment}=~"$environment"}, ${LABEL.service})`,
});
export const agentVariable = labelVariable({
  name: 'agent',
  label: 'Agent',
  query: `label_values(${runs}{${LABEL.service}=~"$service"}, ${LABEL.agent})`,
});
export const modelVariable = labelVariable({
  name: 'model',
  label: 'Requested model',
  query: `label_values(${llmCalls}{${LABEL.service}=~"$service"}, ${LABEL.requestModel})`,
});
export const evaluationVariable = labelVariable({
  name: 'evaluation',
  label: 'Evaluation',
  query: `label_values(${countOf(METRIC_DRIFTWATCH_EVALUATION_SCORE)}{${LABEL.service}=~"$service"}, ${LABEL.evaluation})`,
});
export const costThresholdVariable = new dashboard.TextBoxVariableBuilder('cost_threshold')
  .label('Expensive run (USD)')
  .defaultValue('0.05')
  .current({ text: '0.05', value: '0.05' })
  .description('Runs costing more than this are listed as expensive.');
export const scoreThresholdVariable = new dashboard.TextBoxVariableBuilder('score_threshold')
  .label('Low score')
  .defaultValue('0.5')
  .current({ text: '0.5', value: '0.5' })
  .description('Evaluation scores under this are listed as low.');

/** Service and environment. */
export const SERVICE_FILTER = `${LABEL.service}=~"$service", ${LABEL.environment}=~"$environment"`;
/** Service, environment and agent. */
export const AGENT_FILTER = `${SERVICE_FILTER}, ${LABEL.agent}=~"$agent"`;
/** Service, environment and requested model (LLM-call metrics carry no agent). */
export const MODEL_FILTER = `${SERVICE_FILTER}, ${LABEL.requestModel}=~"$model"`;

export const AGENT_VARIABLES = [environmentVariable, serviceVariable, agentVariable] as const;
