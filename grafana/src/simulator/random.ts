// A seeded random source and the distributions the simulator draws from. Same seed, same month.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson: exact (Knuth) for small means, the normal approximation above 50. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** Binomial: exact (n Bernoulli draws) up to 200 trials, the normal approximation above. */
  binomial(trials: number, probability: number): number {
    if (probability <= 0) return 0;
    if (probability >= 1) return trials;
    if (trials <= 200) {
      let successes = 0;
      for (let index = 0; index < trials; index++) if (this.next() < probability) successes++;
      return successes;
    }
    const mean = trials * probability;
    const deviation = Math.sqrt(mean * (1 - probability));
    return Math.min(trials, Math.max(0, Math.round(mean + deviation * this.normal())));
  }

  /**
   * The sum of `count` lognormal values with the given mean and log-scale sigma: exact draws up to 200 values, the
   * normal approximation of the sum above (its skew is gone by then).
   */
  lognormalSum(count: number, mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    if (count <= 200) {
      let sum = 0;
      for (let index = 0; index < count; index++) sum += Math.exp(mu + sigma * this.normal());
      return sum;
    }
    const variance = (Math.exp(sigma * sigma) - 1) * mean * mean;
    return Math.max(0, count * mean + Math.sqrt(count * variance) * this.normal());
  }
}
