import { createHash } from 'node:crypto';

/** Identifiers that look random but come from a counter, so a run is reproducible after `reset()`. */
export class IdentifierSequence {
  private counter = 0;

  /** `prefix` followed by `length` hex characters. */
  next(prefix: string, length: number): string {
    this.counter += 1;
    const digest = createHash('sha256').update(`${prefix}${this.counter}`).digest('hex');
    return prefix + digest.repeat(Math.ceil(length / digest.length)).slice(0, length);
  }

  reset(): void {
    this.counter = 0;
  }
}
