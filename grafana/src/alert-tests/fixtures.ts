// Label sets of the synthetic service the alert unit tests feed to promtool.
import {
  DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '@driftwatch/semconv';
import { LABEL } from '../names.ts';
import type { Labels } from './unit-test-types.ts';

export const SERVICE: Labels = { [LABEL.service]: 'lead-qualifier', [LABEL.environment]: 'production' };
export const AGENT: Labels = { ...SERVICE, [LABEL.agent]: 'lead-qualifier' };
export const RUN: Labels = { ...AGENT, [LABEL.outcome]: DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS };
export const MODEL: Labels = {
  [LABEL.provider]: GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  [LABEL.requestModel]: 'gpt-4o',
};
export const LLM_CALL: Labels = { ...SERVICE, ...MODEL, [LABEL.operation]: GEN_AI_OPERATION_NAME_VALUE_CHAT };
export const TOOL: Labels = { ...AGENT, [LABEL.tool]: 'update_crm' };
export const FALLBACK: Labels = {
  ...SERVICE,
  [LABEL.fallbackFrom]: GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  [LABEL.fallbackTo]: GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  [LABEL.fallbackReason]: '429',
};

/** Minutes in a day and a week, for series that must cover a 1-day or 7-day baseline. */
export const DAY = 1440;
export const WEEK = 7 * DAY;

/** `42m`, promtool's eval_time for a minute offset. */
export const minute = (value: number) => `${value}m`;
