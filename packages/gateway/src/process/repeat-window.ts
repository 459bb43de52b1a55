/**
 * Tasks completed recently, for repeat detection from the `driftwatch.agent.task.hash` a source puts on its runs:
 * bounded in count (the oldest forgotten first) and in age.
 */
export class RepeatWindow {
  private readonly completedAt = new Map<string, number>();
  private readonly windowMillis: number;
  private readonly maxTasks: number;

  constructor(options: { windowMillis: number; maxTasks: number }) {
    this.windowMillis = options.windowMillis;
    this.maxTasks = options.maxTasks;
  }

  isRepeat(key: string, nowMillis: number): boolean {
    const at = this.completedAt.get(key);
    if (at === undefined) return false;
    if (nowMillis - at <= this.windowMillis) return true;
    this.completedAt.delete(key);
    return false;
  }

  complete(key: string, nowMillis: number): void {
    this.completedAt.delete(key);
    this.completedAt.set(key, nowMillis);
    while (this.completedAt.size > this.maxTasks) {
      const oldest = this.completedAt.keys().next().value;
      if (oldest === undefined) break;
      this.completedAt.delete(oldest);
    }
  }
}
