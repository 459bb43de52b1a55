import {
  ATTR_DRIFTWATCH_OUTCOME_NAME,
  ATTR_DRIFTWATCH_OUTCOME_VALUE,
  ATTR_GEN_AI_AGENT_NAME,
  EVENT_DRIFTWATCH_OUTCOME,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import { reportInternalError, warnOnce } from '../internal/guard';
import { agentInstruments } from './agent-telemetry';
import { innermostRun } from './trace-agent';

export interface OutcomeOptions {
  /** The outcome's name (`lead_qualified`, `crm_field_correct`…): a metric label, so a bounded vocabulary. */
  name: string;
  /** True/false (recorded as 1/0, so sum/count is the success ratio) or a number (a score, an amount). */
  value: number | boolean;
  /** Extra metric labels; keep them bounded (never ids). */
  attributes?: Attributes;
  /**
   * The agent the outcome belongs to, when it is recorded outside the run (an outcome known only later, such as
   * a CRM field checked the next day). Default: the current run's agent.
   */
  agent?: string;
}

/**
 * Records a business outcome of the current run (lead qualified, CRM field correct, ticket resolved) in the
 * `driftwatch.outcome.value` histogram by agent and outcome name, and as an event on the run's span.
 * Non-finite numbers are ignored (and said once through `diag`).
 */
export function recordOutcome(options: OutcomeOptions): void {
  try {
    const { name, value } = options;
    if (typeof name !== 'string' || name === '') {
      warnOnce('agent.outcome.name', 'recordOutcome() needs a name; the outcome was not recorded');
      return;
    }
    const numeric = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (typeof numeric !== 'number' || !Number.isFinite(numeric)) {
      warnOnce(`agent.outcome.value.${name}`, `recordOutcome(${JSON.stringify(name)}) got a non-finite value`);
      return;
    }
    const run = innermostRun();
    const agent = options.agent ?? run?.name;
    const attributes: Attributes = { ...options.attributes, [ATTR_DRIFTWATCH_OUTCOME_NAME]: name };
    if (agent !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent;
    agentInstruments().outcomeValue.record(numeric, attributes);
    run?.span.addEvent(EVENT_DRIFTWATCH_OUTCOME, {
      [ATTR_DRIFTWATCH_OUTCOME_NAME]: name,
      [ATTR_DRIFTWATCH_OUTCOME_VALUE]: value,
    });
  } catch (error) {
    reportInternalError('agent.outcome', error);
  }
}
