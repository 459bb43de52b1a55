import type { CheckResult, RunSignals, Verdict } from '../types';

function isEmpty(output: unknown): boolean {
  if (output === undefined || output === null) return true;
  if (typeof output === 'string') return output.trim() === '';
  if (Array.isArray(output)) return output.length === 0;
  return typeof output === 'object' && Object.keys(output).length === 0;
}

/**
 * How a run ended, in the guide's terms: `correct` (its checks pass), else `escalated` to a human, `refused` (or
 * "I don't understand"), `failed_loudly` (the entry point threw, or the run ended in error), `silent_failure` (no
 * error and nothing useful) or `confidently_wrong` (an answer that fails its checks).
 */
export function classifyRun(options: {
  readonly threw: boolean;
  readonly checks: readonly CheckResult[];
  readonly signals: RunSignals;
  readonly output: unknown;
  readonly isRefusal: (output: unknown) => boolean;
}): Verdict {
  const { signals, output } = options;
  if (options.threw) return 'failed_loudly';
  if (options.checks.every((check) => check.pass)) return 'correct';
  if (signals.escalated || signals.outcome === 'escalated') return 'escalated';
  if (options.isRefusal(output)) return 'refused';
  if (signals.outcome === 'error') return 'failed_loudly';
  if (isEmpty(output)) return 'silent_failure';
  return 'confidently_wrong';
}

export const DEFAULT_ACCEPTED: readonly Verdict[] = ['correct', 'escalated', 'refused'];
