import {
  ATTR_DRIFTWATCH_AGENT_ESCALATED,
  ATTR_DRIFTWATCH_AGENT_MAX_STEPS,
  ATTR_DRIFTWATCH_AGENT_OUTCOME,
  ATTR_DRIFTWATCH_AGENT_REPEAT,
  ATTR_DRIFTWATCH_AGENT_TASK_HASH,
  ATTR_DRIFTWATCH_ESCALATION_CATEGORY,
  ATTR_DRIFTWATCH_OUTCOME_NAME,
  ATTR_DRIFTWATCH_OUTCOME_VALUE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_TOKEN_TYPE,
  DRIFTWATCH_AGENT_OUTCOME_VALUE_ERROR,
  DRIFTWATCH_AGENT_OUTCOME_VALUE_ESCALATED,
  DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS,
  DRIFTWATCH_ESCALATION_CATEGORY_VALUE_MAX_STEPS,
  DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED,
  EVENT_DRIFTWATCH_ESCALATION,
  EVENT_DRIFTWATCH_OUTCOME,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
} from '@driftwatch/semconv';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import type { DerivedInstruments } from './derived-instruments';
import type { GatewaySpan } from './gateway-span';
import type { RepeatWindow } from './repeat-window';
import { type RunTotals, rollUpAttributes } from './run-rollup';

/** A span event as received: name and attributes. */
export interface ReceivedEvent {
  readonly name: string;
  readonly attributes: Attributes;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The escalation category the run reports, from its span's attributes or its `driftwatch.escalation` events. */
function escalationOf(span: GatewaySpan, events: readonly ReceivedEvent[]): string | undefined {
  const category = nonEmptyString(span.attributes[ATTR_DRIFTWATCH_ESCALATION_CATEGORY]);
  if (span.attributes[ATTR_DRIFTWATCH_AGENT_ESCALATED] === true) {
    return category ?? DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED;
  }
  const event = events.find((candidate) => candidate.name === EVENT_DRIFTWATCH_ESCALATION);
  if (event === undefined) return undefined;
  return nonEmptyString(event.attributes[ATTR_DRIFTWATCH_ESCALATION_CATEGORY]) ?? category ?? 'unspecified';
}

/**
 * The run-signal contract of an `invoke_agent` span from any language: roll-ups, steps against
 * `driftwatch.agent.max_steps`, escalation (attribute or event), outcome, repeats by `driftwatch.agent.task.hash`
 * and business outcomes (`driftwatch.outcome` events), turned into the attributes and metrics Driftwatch's agent
 * API records in-process.
 */
export function recordRun(options: {
  span: GatewaySpan;
  events: readonly ReceivedEvent[];
  totals: RunTotals;
  derived: DerivedInstruments;
  repeats: RepeatWindow;
  nowMillis: number;
}): void {
  const { span, totals, derived } = options;
  const agentName = nonEmptyString(span.attributes[ATTR_GEN_AI_AGENT_NAME]);
  const labels: Attributes = agentName === undefined ? {} : { [ATTR_GEN_AI_AGENT_NAME]: agentName };
  // Rounded as the in-process run processor rounds (to 1e-12 USD), so both paths report the same figure.
  const costUsd = Math.round(totals.costUsd * 1e12) / 1e12;
  span.setAttributes(rollUpAttributes(totals, costUsd));
  const steps = totals.llmCalls + totals.toolCalls;
  if (!totals.costUnknown) derived.runCost.record(costUsd, labels);
  derived.runSteps.record(steps, labels);
  derived.runTokens.record(totals.inputTokens, {
    ...labels,
    [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  });
  derived.runTokens.record(totals.outputTokens, {
    ...labels,
    [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  });

  let category = escalationOf(span, options.events);
  const maxSteps = span.attributes[ATTR_DRIFTWATCH_AGENT_MAX_STEPS];
  if (category === undefined && typeof maxSteps === 'number' && steps > maxSteps) {
    category = DRIFTWATCH_ESCALATION_CATEGORY_VALUE_MAX_STEPS;
  }
  if (category !== undefined) {
    span.setAttributes({ [ATTR_DRIFTWATCH_AGENT_ESCALATED]: true, [ATTR_DRIFTWATCH_ESCALATION_CATEGORY]: category });
    derived.escalations.add(1, { ...labels, [ATTR_DRIFTWATCH_ESCALATION_CATEGORY]: category });
  }

  const errorType = nonEmptyString(span.attributes[ATTR_ERROR_TYPE]);
  const failed = errorType !== undefined || span.status.code === SpanStatusCode.ERROR;
  const outcome = failed
    ? DRIFTWATCH_AGENT_OUTCOME_VALUE_ERROR
    : category !== undefined
      ? DRIFTWATCH_AGENT_OUTCOME_VALUE_ESCALATED
      : DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS;
  if (span.attributes[ATTR_DRIFTWATCH_AGENT_OUTCOME] === undefined)
    span.setAttribute(ATTR_DRIFTWATCH_AGENT_OUTCOME, outcome);
  const runLabels: Attributes = { ...labels, [ATTR_DRIFTWATCH_AGENT_OUTCOME]: outcome };
  if (failed) runLabels[ATTR_ERROR_TYPE] = errorType ?? '_OTHER';
  derived.executions.add(1, runLabels);
  derived.runDuration.record(span.durationSeconds, runLabels);

  const task = nonEmptyString(span.attributes[ATTR_DRIFTWATCH_AGENT_TASK_HASH]);
  if (task !== undefined) {
    const key = `${agentName ?? ''}\u0000${task}`;
    const repeat = options.repeats.isRepeat(key, options.nowMillis);
    if (span.attributes[ATTR_DRIFTWATCH_AGENT_REPEAT] === undefined)
      span.setAttribute(ATTR_DRIFTWATCH_AGENT_REPEAT, repeat);
    if (repeat) derived.repeats.add(1, labels);
    if (outcome === DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS) options.repeats.complete(key, options.nowMillis);
  }

  for (const event of options.events) {
    if (event.name !== EVENT_DRIFTWATCH_OUTCOME) continue;
    const name = nonEmptyString(event.attributes[ATTR_DRIFTWATCH_OUTCOME_NAME]);
    const raw = event.attributes[ATTR_DRIFTWATCH_OUTCOME_VALUE];
    const value = typeof raw === 'boolean' ? (raw ? 1 : 0) : raw;
    if (name === undefined || typeof value !== 'number' || !Number.isFinite(value)) continue;
    derived.outcomeValue.record(value, { ...labels, [ATTR_DRIFTWATCH_OUTCOME_NAME]: name });
  }
}
