import { createHash } from 'node:crypto';

/**
 * The prompt prefixes the mock has cached, like Anthropic's prompt cache: the first call with a `cache_control`
 * prefix writes it, later calls with the same model and prefix read it. Cleared by `reset()`.
 */
export class PromptCache {
  private readonly prefixes = new Set<string>();

  /** Whether this prefix was cached before; caches it either way. */
  lookUpAndStore(options: { model: string; prefix: string }): boolean {
    const key = createHash('sha256').update(options.model).update('\u0000').update(options.prefix).digest('hex');
    const hit = this.prefixes.has(key);
    this.prefixes.add(key);
    return hit;
  }

  reset(): void {
    this.prefixes.clear();
  }
}
