// The TraceQL searches of the Trace drill-down dashboard, also quoted in docs/runbook.md. Attribute names come
// from @driftwatch/semconv; the tests parse every query and check each attribute against the semconv table.
import {
  ATTR_DRIFTWATCH_AGENT_COST_USD,
  ATTR_DRIFTWATCH_AGENT_ESCALATED,
  ATTR_DRIFTWATCH_AGENT_OUTCOME,
  ATTR_DRIFTWATCH_AGENT_REPEAT,
  ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO,
  ATTR_DRIFTWATCH_COST_USD,
  ATTR_DRIFTWATCH_ESCALATION_CATEGORY,
  ATTR_DRIFTWATCH_FALLBACK_ATTEMPT,
  ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER,
  ATTR_DRIFTWATCH_MODEL_CHANGE_CURRENT,
  ATTR_DRIFTWATCH_MODEL_CHANGE_PREVIOUS,
  ATTR_DRIFTWATCH_MODEL_PINNED,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  EVENT_DRIFTWATCH_MODEL_CHANGED,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import { RESOURCE_SERVICE_NAME } from '../names.ts';
import { THRESHOLDS } from '../settings.ts';

/**
 * The span attribute of a synchronous evaluator's score on the evaluated span, `{name}` standing for
 * `gen_ai.evaluation.name` (issue 5: `driftwatch.evaluation.pii_leakage.score`).
 */
export const EVALUATION_SCORE_ATTRIBUTE = (name: string) => `driftwatch.evaluation.${name}.score`;

const service = `resource.${RESOURCE_SERVICE_NAME} =~ "$service"`;
const run = `span.${ATTR_GEN_AI_OPERATION_NAME} = "${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT}" && ${service} && span.${ATTR_GEN_AI_AGENT_NAME} =~ "$agent"`;
const tool = `span.${ATTR_GEN_AI_OPERATION_NAME} = "${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL}" && ${service}`;

export const TRACEQL = {
  erroredRuns: `{ ${run} && status = error } | select(span.${ATTR_ERROR_TYPE}, span.${ATTR_DRIFTWATCH_AGENT_OUTCOME})`,
  escalatedRuns: `{ ${run} && span.${ATTR_DRIFTWATCH_AGENT_ESCALATED} = true } | select(event.${ATTR_DRIFTWATCH_ESCALATION_CATEGORY}, span.${ATTR_DRIFTWATCH_AGENT_COST_USD})`,
  lowScores: `{ ${service} && span.${EVALUATION_SCORE_ATTRIBUTE('$evaluation')} < $score_threshold } | select(span.${ATTR_GEN_AI_REQUEST_MODEL}, span.${EVALUATION_SCORE_ATTRIBUTE('$evaluation')})`,
  expensiveRuns: `{ ${run} && span.${ATTR_DRIFTWATCH_AGENT_COST_USD} > $cost_threshold } | select(span.${ATTR_DRIFTWATCH_AGENT_COST_USD}, span.${ATTR_DRIFTWATCH_AGENT_OUTCOME})`,
  expensiveCalls: `{ ${service} && span.${ATTR_DRIFTWATCH_COST_USD} > $cost_threshold } | select(span.${ATTR_DRIFTWATCH_COST_USD}, span.${ATTR_GEN_AI_REQUEST_MODEL})`,
  toolErrors: `{ ${tool} && span.${ATTR_ERROR_TYPE} != nil } | select(span.${ATTR_GEN_AI_TOOL_NAME}, span.${ATTR_ERROR_TYPE})`,
  repeatedRuns: `{ ${run} && span.${ATTR_DRIFTWATCH_AGENT_REPEAT} = true } | select(span.${ATTR_DRIFTWATCH_AGENT_OUTCOME})`,
  modelChanges: `{ ${service} && event:name = "${EVENT_DRIFTWATCH_MODEL_CHANGED}" } | select(event.${ATTR_DRIFTWATCH_MODEL_CHANGE_PREVIOUS}, event.${ATTR_DRIFTWATCH_MODEL_CHANGE_CURRENT})`,
  unpinnedCalls: `{ ${service} && span.${ATTR_DRIFTWATCH_MODEL_PINNED} = false } | select(span.${ATTR_GEN_AI_REQUEST_MODEL}, span.${ATTR_GEN_AI_RESPONSE_MODEL})`,
  contextNearlyFull: `{ ${service} && span.${ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO} >= ${THRESHOLDS.contextFillCritical} } | select(span.${ATTR_GEN_AI_REQUEST_MODEL}, span.${ATTR_DRIFTWATCH_CONTEXT_FILL_RATIO})`,
  fallbacks: `{ ${service} && span.${ATTR_DRIFTWATCH_FALLBACK_ATTEMPT} > 1 } | select(span.${ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER}, span.${ATTR_GEN_AI_REQUEST_MODEL})`,
} as const;

export type TraceQuery = keyof typeof TRACEQL;

/** The Trace drill-down dashboard, keeping the time range and the service and agent selected. */
export const TRACE_DRILL_DOWN_URL = `/d/driftwatch-traces/driftwatch-trace-drill-down?\${__url_time_range}&\${service:queryparam}&\${agent:queryparam}`;
