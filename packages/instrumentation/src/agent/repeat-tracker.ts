import { createHash } from 'node:crypto';

/** A task as the app names it: a string, or any JSON-like value (normalized with sorted keys). */
export type TaskKey = string | number | boolean | Record<string, unknown> | readonly unknown[];

function canonical(value: unknown, depth: number): string {
  if (depth > 8) return '…';
  if (typeof value === 'string')
    return JSON.stringify(value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase());
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item, depth + 1)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key], depth + 1)}`).join(',')}}`;
}

/**
 * The short hash of a normalized task: case, surrounding and repeated whitespace and key order do not matter.
 * Scoped by agent, so two agents doing "the same" task are not repeats of each other.
 */
export function taskHash(agentName: string, task: TaskKey): string {
  return createHash('sha256')
    .update(agentName)
    .update('\u0000')
    .update(canonical(task, 0))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * Completed tasks by hash, for repeat detection: bounded in count (the oldest completion is forgotten first)
 * and in age (a completion older than the window no longer counts, and is removed when seen).
 */
export class RepeatTracker {
  private readonly completedAt = new Map<string, number>();
  private windowMillis: number;
  private maxTasks: number;

  constructor(windowMillis: number, maxTasks: number) {
    this.windowMillis = windowMillis;
    this.maxTasks = maxTasks;
  }

  configure(windowMillis: number, maxTasks: number): void {
    this.windowMillis = windowMillis;
    this.maxTasks = maxTasks;
    this.trim();
  }

  get size(): number {
    return this.completedAt.size;
  }

  /** Whether `hash` was completed within the window before `now`. */
  isRepeat(hash: string, now: number): boolean {
    const at = this.completedAt.get(hash);
    if (at === undefined) return false;
    if (now - at <= this.windowMillis) return true;
    this.completedAt.delete(hash);
    return false;
  }

  /** Records a completion; the newest completion of a task is kept, at the end of the eviction order. */
  complete(hash: string, now: number): void {
    this.completedAt.delete(hash);
    this.completedAt.set(hash, now);
    this.trim();
    this.expireOldest(now);
  }

  clear(): void {
    this.completedAt.clear();
  }

  private trim(): void {
    while (this.completedAt.size > this.maxTasks) {
      const oldest = this.completedAt.keys().next().value;
      if (oldest === undefined) return;
      this.completedAt.delete(oldest);
    }
  }

  /** Drops a few expired entries from the front, so idle memory shrinks without a timer. */
  private expireOldest(now: number): void {
    for (let checked = 0; checked < 4; checked++) {
      const first = this.completedAt.entries().next().value;
      if (first === undefined || now - first[1] <= this.windowMillis) return;
      this.completedAt.delete(first[0]);
    }
  }
}
