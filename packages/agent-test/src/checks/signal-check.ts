import { isDeepStrictEqual } from 'node:util';
import type { Bounds, CheckResult, RunSignals } from '../types';

/** Signal names as suites write them (`cost_usd`, `tool_error_types`, `evaluation.json_validity`). */
const FIELDS: Readonly<Record<string, keyof RunSignals>> = {
  outcome: 'outcome',
  escalated: 'escalated',
  escalation_category: 'escalationCategory',
  error_type: 'errorType',
  llm_calls: 'llmCalls',
  tool_calls: 'toolCalls',
  tool_errors: 'toolErrors',
  tool_error_types: 'toolErrorTypes',
  tools: 'tools',
  steps: 'steps',
  input_tokens: 'inputTokens',
  output_tokens: 'outputTokens',
  tokens: 'tokens',
  cost_usd: 'costUsd',
  context_fill: 'contextFill',
  models: 'models',
};

export const SIGNAL_NAMES = [...Object.keys(FIELDS), 'evaluation.<name>'];

/** The value of a named signal, or undefined. */
export function signalValue(signals: RunSignals, name: string): unknown {
  if (name.startsWith('evaluation.')) return signals.evaluations[name.slice('evaluation.'.length)];
  const field = FIELDS[name];
  if (field === undefined) throw new Error(`unknown signal "${name}"; known: ${SIGNAL_NAMES.join(', ')}`);
  return signals[field];
}

/** A check on one of Driftwatch's run signals: `equals`, `includes` (lists), `min` and `max` (numbers). */
export function checkSignal(
  spec: { name?: string; signal: string; equals?: unknown; includes?: unknown } & Bounds,
  signals: RunSignals,
): CheckResult {
  const name = spec.name ?? `signal ${spec.signal}`;
  const value = signalValue(signals, spec.signal);
  const problems: string[] = [];
  if ('equals' in spec && !isDeepStrictEqual(value, spec.equals)) {
    problems.push(`expected ${JSON.stringify(spec.equals)}`);
  }
  if ('includes' in spec && !(Array.isArray(value) && value.some((item) => isDeepStrictEqual(item, spec.includes)))) {
    problems.push(`expected to include ${JSON.stringify(spec.includes)}`);
  }
  if (spec.min !== undefined || spec.max !== undefined) {
    if (typeof value !== 'number') problems.push('not measured');
    else {
      if (spec.min !== undefined && value < spec.min) problems.push(`below ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) problems.push(`above ${spec.max}`);
    }
  }
  if (problems.length === 0) return { name, pass: true };
  return {
    name,
    pass: false,
    message: `${spec.signal} = ${JSON.stringify(value) ?? 'undefined'}: ${problems.join(', ')}`,
  };
}
