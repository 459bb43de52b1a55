// A healthy agent as production shows one: run volume with a daily and a weekly cycle, binomial escalations,
// repeats, tool errors (clustering in a nightly hour), evaluation passes and business outcomes; lognormal tokens,
// cost and durations; Poisson steps. And the runbook's changes, each switched on at an onset.

/** The healthy behaviour. Rates are per run; tokens, cost and duration are means per run. */
export const HEALTHY = {
  escalation: 0.15,
  repeat: 0.05,
  toolError: 0.01,
  /** Tool errors cluster at 02:00-03:00 UTC (a nightly batch on the other side). */
  toolErrorNightly: 0.03,
  evaluationPass: 0.92,
  outcomeSuccess: 0.88,
  inputTokens: 3000,
  inputTokensSigma: 0.6,
  outputTokens: 400,
  outputTokensSigma: 0.7,
  /** USD per token (gpt-4o list prices): output costs 4 times input. */
  inputPrice: 2.5e-6,
  outputPrice: 10e-6,
  /** Steps per run: 2 plus Poisson(2.5). */
  fixedSteps: 2,
  extraSteps: 2.5,
  durationSeconds: 8,
  durationSigma: 0.8,
} as const;

/** The runbook changes the replay injects, each in its own agent. */
export const CHANGES = [
  'quality-drop',
  'tool-errors',
  'tool-all-failing',
  'tokens-up',
  'cost-up',
  'escalations-up',
  'repeats-up',
  'checkpoint-change',
  'outcome-drop',
  'steps-up',
] as const;
export type Change = (typeof CHANGES)[number];

/** What each change does, in the runbook's words. */
export const CHANGE_DESCRIPTIONS: Readonly<Record<Change, string>> = {
  'quality-drop': 'quality score -20% (evaluations passing 92% -> 73.6%)',
  'tool-errors': 'one tool returns 500 to 10% of its calls (from 1%)',
  'tool-all-failing': 'every call of the tool fails',
  'tokens-up': 'input tokens per run +50% (cost about +27%)',
  'cost-up': 'cost per run +50% (a pricier model; tokens unchanged)',
  'escalations-up': 'escalations 15% -> 35%',
  'repeats-up': 'repeated tasks 5% -> 20%',
  'checkpoint-change': 'the provider serves the model label from a new checkpoint',
  'outcome-drop': 'business outcome -20% (successes 88% -> 70.4%)',
  'steps-up': 'steps per run +50%, volume unchanged',
};

export interface RunProfile {
  readonly escalation: number;
  readonly repeat: number;
  readonly toolError: number;
  readonly evaluationPass: number;
  readonly outcomeSuccess: number;
  readonly inputTokens: number;
  readonly priceFactor: number;
  readonly stepsFactor: number;
  readonly newCheckpoint: boolean;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Volume relative to the weekly mean at a time (seconds from a Monday 00:00 UTC). Peak about 1.9, trough 0.25. */
export function volumeFactor(seconds: number): number {
  const day = Math.floor(seconds / DAY) % 7;
  const hour = (seconds % DAY) / HOUR;
  const weekly = day >= 5 ? 0.55 : 1;
  const daily = 0.3 + 1.1 * Math.exp(-(((hour - 13) / 4.5) ** 2));
  return (weekly * daily) / VOLUME_NORMALISATION;
}

const VOLUME_NORMALISATION = (() => {
  let sum = 0;
  const steps = 7 * 24 * 12;
  for (let index = 0; index < steps; index++) {
    const seconds = index * 300;
    const day = Math.floor(seconds / DAY) % 7;
    const hour = (seconds % DAY) / HOUR;
    sum += (day >= 5 ? 0.55 : 1) * (0.3 + 1.1 * Math.exp(-(((hour - 13) / 4.5) ** 2)));
  }
  return sum / steps;
})();

/** The per-run behaviour at a time, with the change applied from its onset on. */
export function profileAt(seconds: number, change: Change | undefined, onsetSeconds: number): RunProfile {
  const hour = (seconds % DAY) / HOUR;
  const cycle = Math.sin((2 * Math.PI * (hour - 3)) / 24);
  const healthy: RunProfile = {
    escalation: HEALTHY.escalation * (1 + 0.1 * cycle),
    repeat: HEALTHY.repeat,
    toolError: hour >= 2 && hour < 3 ? HEALTHY.toolErrorNightly : HEALTHY.toolError,
    evaluationPass: HEALTHY.evaluationPass,
    outcomeSuccess: HEALTHY.outcomeSuccess - 0.02 * cycle,
    inputTokens: HEALTHY.inputTokens,
    priceFactor: 1,
    stepsFactor: 1,
    newCheckpoint: false,
  };
  if (change === undefined || seconds < onsetSeconds) return healthy;
  switch (change) {
    case 'quality-drop':
      return { ...healthy, evaluationPass: healthy.evaluationPass * 0.8 };
    case 'tool-errors':
      return { ...healthy, toolError: 0.1 };
    case 'tool-all-failing':
      return { ...healthy, toolError: 1 };
    case 'tokens-up':
      return { ...healthy, inputTokens: healthy.inputTokens * 1.5 };
    case 'cost-up':
      return { ...healthy, priceFactor: 1.5 };
    case 'escalations-up':
      return { ...healthy, escalation: 0.35 };
    case 'repeats-up':
      return { ...healthy, repeat: 0.2 };
    case 'checkpoint-change':
      return { ...healthy, newCheckpoint: true };
    case 'outcome-drop':
      return { ...healthy, outcomeSuccess: healthy.outcomeSuccess * 0.8 };
    case 'steps-up':
      return { ...healthy, stepsFactor: 1.5 };
  }
}
