// The per-call targets' verdicts, from per-round figures: a target is missed only when the variant was worse than
// the peer in every one of at least five rounds; a median that favours it is met; anything else is within noise.
import { describe, expect, it } from 'vitest';
import { evaluateTargets } from '../src/report.mjs';
import { spread } from '../src/statistics.mjs';

/** One chat row with CPU per call by round, its differences to `none` of the same round. */
function row(variant: string, byRound: number[], none: number[]) {
  const differences = byRound.map((value, index) => value - (none[index] ?? 0));
  return {
    variant,
    baseline: 'none',
    scenario: 'chat',
    concurrency: 1,
    untraced: false,
    problems: [],
    figures: {
      cpuMicrosPerCall: {
        value: spread(byRound),
        difference: spread(differences),
        byRound: Object.fromEntries(byRound.map((value, index) => [index + 1, value])),
      },
    },
  };
}

function verdictOf(driftwatch: number[], traceloop: number[], none: number[]) {
  const results = {
    rows: [row('none', none, none), row('driftwatch', driftwatch, none), row('traceloop', traceloop, none)],
  };
  const target = evaluateTargets(results).targets.find((candidate) =>
    candidate.name.startsWith('instrumentation alone'),
  );
  return target?.verdict;
}

describe('per-call target verdicts', () => {
  const none = [100, 140, 90, 120, 110];

  it('should call a target missed only when the variant was worse in every one of five rounds', () => {
    expect(verdictOf([130, 171, 121, 150, 141], [120, 160, 110, 140, 130], none)).toBe('missed');
    expect(verdictOf([130, 171, 121], [120, 160, 110], none.slice(0, 3))).toBe('unclear');
  });

  it('should call a difference that changes sign between rounds within noise, even when the medians differ', () => {
    // Medians of the differences: driftwatch +30, traceloop +20; round by round it is ahead in two of five.
    expect(verdictOf([130, 160, 125, 150, 130], [120, 170, 110, 160, 120], none)).toBe('unclear');
  });

  it('should call a target met when the median paired difference favours the variant', () => {
    expect(verdictOf([118, 158, 108, 138, 131], [120, 160, 110, 140, 130], none)).toBe('met');
  });
});
