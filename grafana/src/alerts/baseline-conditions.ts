// Alert conditions on the statistics' records: in some window, the change is as large as the runbook says and beyond
// chance. A long window (12h) finds at low volume what the hour cannot; it also needs the last hour still halfway
// there, so the alert resolves within about an hour of the recovery instead of when the long window empties.
import { parseDuration } from '../fast-rules.ts';
import { STATISTICS } from '../settings.ts';
import { type CountSignal, countRecords, type MeanSignal, meanRecords } from './statistics.ts';

/** What the change must reach: `factor` times the baseline, `points` above it, or an `absolute` level. */
export interface Materiality {
  readonly factor?: number;
  readonly points?: number;
  readonly absolute?: number;
}

const SHORT_WINDOW = '1h';
const round = (value: number) => Number(value.toPrecision(6));

/** `value >= ...` lines of a rise; `half` asks for half the change (the recovery check of a long window). */
function riseLines(value: string, baseline: string, materiality: Materiality, half: boolean): string[] {
  const share = half ? 0.5 : 1;
  const lines: string[] = [];
  if (materiality.factor !== undefined) {
    lines.push(`${value} >= ${round(1 + (materiality.factor - 1) * share)} * ${baseline}`);
  }
  if (materiality.points !== undefined) lines.push(`${value} >= ${baseline} + ${round(materiality.points * share)}`);
  if (materiality.absolute !== undefined) {
    lines.push(
      half ? `${value} >= (${baseline} + ${materiality.absolute}) / 2` : `${value} >= ${materiality.absolute}`,
    );
  }
  return lines;
}

function joinAnd(first: string, conditions: readonly string[]): string {
  return [first, ...conditions.map((condition) => `and ${condition}`)].join('\n');
}

function orWindows(parts: readonly string[]): string {
  return parts.length === 1 ? (parts[0] as string) : parts.map((part) => `(\n${part}\n)`).join('\nor\n');
}

/** A share (escalations, repeats, tool errors) risen in some window; the alert's value is the share. */
export function shareRise(signal: CountSignal, materiality: Materiality): string {
  const short = countRecords(signal.stem, SHORT_WINDOW);
  return orWindows(
    signal.windows.map((window) => {
      const names = countRecords(signal.stem, window);
      const [first, ...rest] = riseLines(names.share, names.baselineShare, materiality, false);
      const conditions = [...rest, `${names.evidence} >= ${STATISTICS.countEvidence}`];
      if (isLong(window)) conditions.push(...riseLines(short.share, names.baselineShare, materiality, true));
      return joinAnd(first as string, conditions);
    }),
  );
}

/** A [0, 1] mean (quality score, outcome) dropped under `ratio` times its baseline; the alert's value is the mean. */
export function meanDrop(signal: CountSignal, ratio: number): string {
  const short = countRecords(signal.stem, SHORT_WINDOW);
  return orWindows(
    signal.windows.map((window) => {
      const names = countRecords(signal.stem, window);
      const conditions = [`${names.evidence} >= ${STATISTICS.countEvidence}`];
      if (isLong(window)) {
        conditions.push(`(1 - ${short.share}) <= ${round((1 + ratio) / 2)} * (1 - ${names.baselineShare})`);
      }
      return joinAnd(`(1 - ${names.share}) <= ${ratio} * (1 - ${names.baselineShare})`, conditions);
    }),
  );
}

/**
 * A mean per run (cost, tokens, steps) risen over `factor` times its baseline in some window with enough runs;
 * with `steadyVolume`, only while the run volume stays within that factor of its own baseline. Value: the mean.
 */
export function perRunRise(signal: MeanSignal, factor: number, steadyVolume?: number): string {
  const short = meanRecords(signal.stem, SHORT_WINDOW);
  return orWindows(
    signal.windows.map((window) => {
      const names = meanRecords(signal.stem, window);
      const conditions = [
        `${names.count} >= ${STATISTICS.minimumRunsForMean}`,
        `${names.evidence} >= ${STATISTICS.meanEvidence}`,
      ];
      if (steadyVolume !== undefined) {
        conditions.push(
          `${names.volumeRatio} <= ${steadyVolume}`,
          `${names.volumeRatio} >= ${round(1 / steadyVolume)}`,
        );
      }
      if (isLong(window)) {
        conditions.push(`${short.mean} >= ${round(1 + (factor - 1) / 2)} * ${names.baselineMean}`);
      }
      return joinAnd(`${names.mean} >= ${factor} * ${names.baselineMean}`, conditions);
    }),
  );
}

/** Longer than the hour: needs the recovery check. */
function isLong(window: string): boolean {
  return parseDuration(window) > parseDuration(SHORT_WINDOW);
}
