// The replay scenarios: a healthy period at each volume (every page is false), and each runbook change injected at
// an onset after a week of healthy history (the first page after the onset is its time to page; a page before the
// onset, or of an alert the change does not explain, is false).
import { LABEL } from '../names.ts';
import { CHANGES, type Change } from './agent-model.ts';
import { type FiringSample, replay } from './promtool-replay.ts';
import { type SimulatedSeries, simulateAgent } from './simulate-agent.ts';

export const VOLUMES = [20, 200, 20_000] as const;

/** The alert each change must raise, and the alerts it may raise besides (same cause). */
export const EXPECTED_ALERT: Readonly<Record<Change, { alert: string; alsoExplained: readonly string[] }>> = {
  'quality-drop': { alert: 'DriftwatchQualityScoreDrop', alsoExplained: [] },
  'tool-errors': { alert: 'DriftwatchToolErrorRatioHigh', alsoExplained: [] },
  'tool-all-failing': { alert: 'DriftwatchToolCallsAllFailing', alsoExplained: ['DriftwatchToolErrorRatioHigh'] },
  'tokens-up': { alert: 'DriftwatchTokensPerRunHigh', alsoExplained: ['DriftwatchCostPerRunHigh'] },
  'cost-up': { alert: 'DriftwatchCostPerRunHigh', alsoExplained: [] },
  'escalations-up': { alert: 'DriftwatchEscalationRateHigh', alsoExplained: [] },
  'repeats-up': { alert: 'DriftwatchRepeatRateHigh', alsoExplained: [] },
  'checkpoint-change': { alert: 'DriftwatchModelCheckpointChanged', alsoExplained: [] },
  'outcome-drop': { alert: 'DriftwatchBusinessOutcomeDrop', alsoExplained: [] },
  'steps-up': { alert: 'DriftwatchStepsPerRunUp', alsoExplained: [] },
};

/** Changes whose time to page is measured at 1-minute resolution (their promise is minutes). */
export const FAST_CHANGES: readonly Change[] = ['tool-all-failing', 'tool-errors', 'checkpoint-change'];

const HOUR = 3600;
const DAY = 24 * HOUR;

export interface Page {
  readonly alert: string;
  readonly agent: string;
  readonly seconds: number;
}

/** The start of each firing episode (a page), per agent: firing at an evaluation where it did not fire the one before. */
export function pages(samples: readonly FiringSample[], stepSeconds: number): Page[] {
  const firing = new Set(samples.map((sample) => `${sample.alert}|${agentOf(sample)}|${sample.seconds}`));
  return samples
    .filter((sample) => !firing.has(`${sample.alert}|${agentOf(sample)}|${sample.seconds - stepSeconds}`))
    .map((sample) => ({ alert: sample.alert, agent: agentOf(sample), seconds: sample.seconds }))
    .filter(
      (page, index, all) =>
        all.findIndex(
          (other) => other.alert === page.alert && other.agent === page.agent && other.seconds === page.seconds,
        ) === index,
    )
    .sort((a, b) => a.seconds - b.seconds);
}

/** Every simulated agent is its own service. */
function agentOf(sample: FiringSample): string {
  return sample.labels[LABEL.service] ?? '';
}

export interface HealthyResult {
  readonly runsPerHour: number;
  readonly days: number;
  readonly pages: Page[];
}

/** `days` of healthy traffic at each volume, in one replay. */
export async function replayHealthy(options: {
  promtool: string;
  rulesDirectory: string;
  days: number;
  volumes: readonly number[];
  seed: number;
}): Promise<HealthyResult[]> {
  const stepSeconds = 300;
  const steps = (options.days * DAY) / stepSeconds + 1;
  const series: SimulatedSeries[] = options.volumes.flatMap((runsPerHour, index) =>
    simulateAgent({
      agent: `healthy-${runsPerHour}`,
      runsPerHour,
      onsetSeconds: Number.POSITIVE_INFINITY,
      stepSeconds,
      steps,
      seed: options.seed * 1000 + index,
    }),
  );
  const samples = await replay({ ...options, series, stepSeconds, steps });
  const all = pages(samples, stepSeconds);
  return options.volumes.map((runsPerHour) => ({
    runsPerHour,
    days: options.days,
    pages: all.filter((page) => page.agent === `healthy-${runsPerHour}`),
  }));
}

export interface ChangeResult {
  readonly change: Change;
  readonly runsPerHour: number;
  readonly alert: string;
  /** Seconds from the onset to the first page of the expected alert; undefined when it never paged. */
  readonly timeToPage?: number;
  /** Pages before the onset, or after it of alerts the change does not explain. */
  readonly falsePages: Page[];
  readonly stepSeconds: number;
  readonly observedSeconds: number;
}

/**
 * Each change at each volume, all agents in one replay: healthy from a Monday 00:00, the change from 10:00 after
 * `historyDays` days (a week: the Monday of the second week), observed for `hoursAfter`.
 */
export async function replayChanges(options: {
  promtool: string;
  rulesDirectory: string;
  changes: readonly Change[];
  volumes: readonly number[];
  stepSeconds: number;
  historyDays: number;
  hoursAfter: number;
  seed: number;
}): Promise<ChangeResult[]> {
  const { stepSeconds } = options;
  const onsetSeconds = options.historyDays * DAY + 10 * HOUR;
  const steps = (onsetSeconds + options.hoursAfter * HOUR) / stepSeconds + 1;
  const agents = options.changes.flatMap((change) => options.volumes.map((runsPerHour) => ({ change, runsPerHour })));
  const name = (change: Change, runsPerHour: number) => `${change}-${runsPerHour}`;
  const series = agents.flatMap(({ change, runsPerHour }) =>
    simulateAgent({
      agent: name(change, runsPerHour),
      runsPerHour,
      change,
      onsetSeconds,
      stepSeconds,
      steps,
      seed: options.seed * 1000 + CHANGES.indexOf(change) * 10 + options.volumes.indexOf(runsPerHour),
    }),
  );
  const samples = await replay({ ...options, series, stepSeconds, steps });
  const all = pages(samples, stepSeconds);
  return agents.map(({ change, runsPerHour }) => {
    const mine = all.filter((page) => page.agent === name(change, runsPerHour));
    const expected = EXPECTED_ALERT[change];
    const first = mine.find((page) => page.alert === expected.alert && page.seconds >= onsetSeconds);
    const falsePages = mine.filter(
      (page) =>
        page.seconds < onsetSeconds || (page.alert !== expected.alert && !expected.alsoExplained.includes(page.alert)),
    );
    return {
      change,
      runsPerHour,
      alert: expected.alert,
      ...(first === undefined ? {} : { timeToPage: first.seconds - onsetSeconds }),
      falsePages,
      stepSeconds,
      observedSeconds: options.hoursAfter * HOUR,
    };
  });
}
