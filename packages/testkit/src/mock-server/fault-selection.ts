import type { FaultName, MockFaultRule } from '../types';
import { seededFraction } from './seeded-fraction';

export const FAULT_NAMES: readonly FaultName[] = [
  'rate_limit',
  'server_error',
  'hang',
  'malformed_json',
  'stream_cut',
  'missing_usage',
  'bad_request',
  'overloaded',
  'stream_error',
];

export function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value);
}

function ruleMatches(options: {
  rule: MockFaultRule;
  ruleIndex: number;
  callNumber: number;
  path: string;
  seed: number;
}) {
  const { rule, callNumber } = options;
  if (rule.every !== undefined && (rule.every <= 0 || callNumber % rule.every !== 0)) return false;
  if (rule.fromCall !== undefined && callNumber < rule.fromCall) return false;
  if (rule.toCall !== undefined && callNumber > rule.toCall) return false;
  if (rule.path !== undefined && !options.path.includes(rule.path)) return false;
  if (rule.probability !== undefined) {
    const draw = seededFraction({ seed: options.seed, callNumber, ruleIndex: options.ruleIndex });
    if (draw >= rule.probability) return false;
  }
  return true;
}

/** The fault of the first scenario rule that matches this call, if any. */
export function selectScenarioFault(options: {
  rules: readonly MockFaultRule[];
  callNumber: number;
  path: string;
  seed: number;
}): FaultName | undefined {
  for (const [ruleIndex, rule] of options.rules.entries()) {
    if (ruleMatches({ rule, ruleIndex, callNumber: options.callNumber, path: options.path, seed: options.seed })) {
      return rule.fault;
    }
  }
  return undefined;
}
