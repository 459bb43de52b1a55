/**
 * A number in [0, 1) that depends only on its inputs, so fault rules with a probability fire on the same calls in
 * every run with the same seed (mulberry32 on a mix of the three values).
 */
export function seededFraction(options: { seed: number; callNumber: number; ruleIndex: number }): number {
  let state = (Math.imul(options.seed, 0x9e3779b1) ^ Math.imul(options.callNumber, 0x85ebca6b)) >>> 0;
  state = (state ^ Math.imul(options.ruleIndex + 1, 0xc2b2ae35)) >>> 0;
  state = (state + 0x6d2b79f5) >>> 0;
  let mixed = Math.imul(state ^ (state >>> 15), state | 1);
  mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
  return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
}
