// The statistics behind every alert that compares a share or a mean with its baseline: recording rules that keep,
// per window, the count of events, the baseline of the 7 days before the window and the evidence that the window
// differs from it by more than chance. docs/alerts.md explains the tests and the thresholds.
import { STATISTICS } from '../settings.ts';
import type { RecordingRule, RuleGroup } from './rule-types.ts';

/** The 7-day baseline every window is compared with, ending where the window starts. */
const BASELINE = '7d';

type Window = string;
/** `sum by (keys) (fn(series[window]))` for a signal's series. */
type Aggregation = (window: Window, fn: 'rate' | 'increase') => string;

/**
 * Events among trials: escalations among runs, failed calls among a tool's calls, or the shortfall of a [0, 1] mean
 * (count minus sum: a score of 0.7 is 0.3 of an event). The test needs only that each trial adds between 0 and 1
 * event, so it holds for booleans and scores alike.
 */
export interface CountSignal {
  /** Names the records: `driftwatch:<stem>:share1h`. */
  readonly stem: string;
  readonly keys: readonly string[];
  /** Events in the window, by keys, 0 (not absent) when the event series does not exist yet. */
  readonly events: Aggregation;
  readonly trials: Aggregation;
  readonly windows: readonly Window[];
  /**
   * The baseline share is taken as at most this: for an absolute threshold (tool errors), a tool that has been
   * failing all week still pages, judged against a healthy level rather than its own failures.
   */
  readonly baselineCap?: number;
}

/** A mean of a positive value per run (cost, tokens, steps): sum and count of a histogram. */
export interface MeanSignal {
  readonly stem: string;
  readonly keys: readonly string[];
  readonly sum: Aggregation;
  readonly count: Aggregation;
  readonly windows: readonly Window[];
}

/** The record names of a signal in one window. */
export function countRecords(stem: string, window: Window) {
  return {
    eventsRate: `driftwatch:${stem}_events:rate1h`,
    trialsRate: `driftwatch:${stem}_trials:rate1h`,
    events: `driftwatch:${stem}_events:increase${window}`,
    trials: `driftwatch:${stem}_trials:increase${window}`,
    share: `driftwatch:${stem}:share${window}`,
    baselineShare: `driftwatch:${stem}:baseline_share${window}`,
    evidence: `driftwatch:${stem}:evidence${window}`,
  };
}

export function meanRecords(stem: string, window: Window) {
  return {
    sumRate: `driftwatch:${stem}_sum:rate1h`,
    countRate: `driftwatch:${stem}_count:rate1h`,
    count: `driftwatch:${stem}_count:increase${window}`,
    mean: `driftwatch:${stem}:mean${window}`,
    baselineMean: `driftwatch:${stem}:baseline_mean${window}`,
    volumeRatio: `driftwatch:${stem}:volume_ratio${window}`,
    squaredDeviation: `driftwatch:${stem}:scaled_squared_deviation1h`,
    evidence: `driftwatch:${stem}:evidence${window}`,
  };
}

/** `avg_over_time(record[7d] offset window)`: the baseline's hourly rate, ending where the window starts. */
function baselineOf(record: string, window: Window): string {
  return `avg_over_time(${record}[${BASELINE}] offset ${window})`;
}

/**
 * `1 + n / n0`: the variance of "window minus baseline" over that of the window alone, as the baseline is itself a
 * sample of `n0` trials: the actual count over the 7 days before the window, however much history there is (an
 * agent a few hours old has a baseline of a few hours, and the test is the stricter for it). `n0` is the sum of the
 * hourly counts recorded over the 7 days divided by the number of records an hour holds: cheap (one recorded series
 * per agent), and free of seconds, so a time-scaled copy of the rules stays right.
 */
function baselineVarianceFactor(windowCount: string, hourlyCount: string, window: Window): string {
  const baselineCount = `(sum_over_time(${hourlyCount}[${BASELINE}] offset ${window}) / count_over_time(${hourlyCount}[1h] offset ${window}))`;
  return `(1 + ${windowCount} / ${baselineCount})`;
}

/**
 * Recording rules of a count signal. The evidence is the log of the Chernoff bound on the chance of seeing `x` or
 * more events where `lambda = n q0` are expected: `x ln(x / lambda) - x + lambda` (the Poisson likelihood ratio,
 * valid for any sum of [0, 1] values, Bennett's inequality), divided by the baseline's variance factor, and only
 * where `x > lambda`. Evidence `T` bounds the chance of a healthy window at `e^-T`.
 */
export function countRecordingRules(signal: CountSignal): RecordingRule[] {
  const first = countRecords(signal.stem, '1h');
  const rules: RecordingRule[] = [
    { record: first.eventsRate, expr: signal.events('1h', 'rate') },
    { record: first.trialsRate, expr: signal.trials('1h', 'rate') },
  ];
  for (const window of signal.windows) {
    const names = countRecords(signal.stem, window);
    const baselineTrials = baselineOf(names.trialsRate, window);
    const floored = `clamp_min(${names.baselineShare}, ${STATISTICS.shareFloor})`;
    const q0 = signal.baselineCap === undefined ? floored : `clamp_max(${floored}, ${signal.baselineCap})`;
    const expected = `(${names.trials} * ${q0})`;
    rules.push(
      { record: names.events, expr: signal.events(window, 'increase') },
      { record: names.trials, expr: signal.trials(window, 'increase') },
      { record: names.share, expr: `${names.events} / (${names.trials} > 0)` },
      {
        record: names.baselineShare,
        expr: `${baselineOf(names.eventsRate, window)}\n/\n(${baselineTrials} > 0)`,
      },
      {
        record: names.evidence,
        expr: [
          '(',
          `  ${names.events} * ln(${names.events} / ${expected}) - ${names.events} + ${expected}`,
          ')',
          `/ ${baselineVarianceFactor(names.trials, countRecords(signal.stem, '1h').trials, window)}`,
          `and ${names.events} > ${expected}`,
        ].join('\n'),
      },
    );
  }
  return rules;
}

/**
 * Recording rules of a mean signal. The per-run variance is estimated from the hourly means of the 7 days before
 * the window: `n (mean - baseline)^2` averages to the variance of one run, whatever its distribution, and takes in
 * any hour-of-day swing of the mean too (so it is conservative). It is never taken under (cvFloor x baseline)^2, so
 * an agent with little history is not judged on a variance it has not shown yet. The evidence is the z score of the
 * window's mean against the baseline.
 */
export function meanRecordingRules(signal: MeanSignal): RecordingRule[] {
  const first = meanRecords(signal.stem, '1h');
  const rules: RecordingRule[] = [
    { record: first.sumRate, expr: signal.sum('1h', 'rate') },
    { record: first.countRate, expr: signal.count('1h', 'rate') },
  ];
  for (const window of signal.windows) {
    const names = meanRecords(signal.stem, window);
    const baselineCount = baselineOf(names.countRate, window);
    const floor = `(${STATISTICS.coefficientOfVariationFloor} * ${names.baselineMean}) ^ 2`;
    const variance = `((${baselineOf(first.squaredDeviation, window)} >= ${floor}) or ${floor})`;
    rules.push(
      { record: names.count, expr: signal.count(window, 'increase') },
      { record: names.mean, expr: `${signal.sum(window, 'increase')}\n/\n(${names.count} > 0)` },
      {
        record: names.baselineMean,
        expr: `${baselineOf(names.sumRate, window)}\n/\n(${baselineCount} > 0)`,
      },
      { record: names.volumeRatio, expr: `${signal.count(window, 'rate')}\n/\n(${baselineCount} > 0)` },
    );
    if (window === '1h') {
      rules.push({
        record: names.squaredDeviation,
        expr: `(${names.mean} - ${names.baselineMean}) ^ 2 * ${names.count}`,
      });
    }
    rules.push({
      record: names.evidence,
      expr: [
        `(${names.mean} - ${names.baselineMean})`,
        '/',
        `sqrt(${variance} / ${names.count} * ${baselineVarianceFactor(names.count, first.count, window)})`,
      ].join('\n'),
    });
  }
  return rules;
}

/** The recording group of an alert file's signals, evaluated every minute before its alerts read them. */
export function statisticsGroup(
  name: string,
  signals: { counts?: readonly CountSignal[]; means?: readonly MeanSignal[] },
): RuleGroup {
  return {
    name,
    interval: '1m',
    rules: [
      ...(signals.counts ?? []).flatMap(countRecordingRules),
      ...(signals.means ?? []).flatMap(meanRecordingRules),
    ],
  };
}
