import { createHash } from 'node:crypto';

/**
 * A unit-length vector that depends only on the model and the input, with float32 components so the float and the
 * base64 encodings decode to exactly the same numbers.
 */
export function embeddingVector(options: { model: string; input: string; dimensions: number }): number[] {
  const seed = createHash('sha256').update(`${options.model}\u0000${options.input}`).digest();
  let state = seed.readUInt32LE(0);
  const values: number[] = [];
  for (let index = 0; index < options.dimensions; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values.push(state / 2147483648 - 1);
  }
  const length = Math.hypot(...values) || 1;
  return values.map((value) => Math.fround(value / length));
}

/** Base64 of the little-endian float32 bytes, the `encoding_format: 'base64'` wire form. */
export function base64Float32(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (const [index, value] of values.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}
