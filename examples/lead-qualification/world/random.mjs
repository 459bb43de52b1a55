// Deterministic randomness for the simulated world: the same seed gives the same week.
import { createHash } from 'node:crypto';

/** A uniform number in [0, 1) derived from the seed and the given keys; independent across keys. */
export function fraction(seed, ...keys) {
  const digest = createHash('sha256')
    .update(`${seed}:${keys.join(':')}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** An integer in [low, high] derived like {@link fraction}. */
export function integer(seed, low, high, ...keys) {
  return low + Math.floor(fraction(seed, ...keys) * (high - low + 1));
}

/** One item of `items`, derived like {@link fraction}. */
export function pick(seed, items, ...keys) {
  return items[Math.floor(fraction(seed, ...keys) * items.length)];
}
