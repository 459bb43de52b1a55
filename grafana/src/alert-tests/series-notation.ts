// promtool's expanding notation for input series, built from phases so the values stay continuous.

const round = (value: number) => Number(value.toFixed(6));

/**
 * A counter sampled once per interval: from 0 (or, after `absentFor` missing samples, from its first increment, as
 * SDKs create a counter series when it is first incremented), growing by each phase's `perStep` for `steps`.
 * `counter([[20, 60], [0, 30]])` is 61 samples growing by 20, then 30 flat ones.
 */
export function counter(phases: ReadonlyArray<readonly [perStep: number, steps: number]>, absentFor = 0): string {
  const parts: string[] = [];
  let value = 0;
  let started = false;
  if (absentFor > 0) parts.push(`_x${absentFor}`);
  for (const [perStep, steps] of phases) {
    if (!started && absentFor === 0) {
      parts.push(`0+${perStep}x${steps}`);
      value = perStep * steps;
      started = true;
      continue;
    }
    if (steps === 0) continue;
    const first = round(value + perStep);
    parts.push(`${first}+${perStep}x${steps - 1}`);
    value = round(value + perStep * steps);
    started = true;
  }
  return parts.join(' ');
}

/** A gauge holding `value` for `samples` samples (missing when value is undefined). */
export function hold(value: number | undefined, samples: number): string {
  if (samples <= 0) return '';
  return value === undefined ? `_x${samples}` : `${value}x${samples - 1}`;
}

/** Consecutive gauge segments. */
export function gauge(...segments: ReadonlyArray<readonly [value: number | undefined, samples: number]>): string {
  return segments
    .map(([value, samples]) => hold(value, samples))
    .filter((part) => part !== '')
    .join(' ');
}
