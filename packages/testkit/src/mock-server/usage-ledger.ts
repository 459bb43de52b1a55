import type { MockLlmServerStats, ModelUsageStats } from '../types';
import type { TokenUsage } from './token-usage';

/** The usage the server reported, summed by response model. */
export class UsageLedger {
  private byModel = new Map<string, ModelUsageStats>();

  record(options: { model: string; usage: TokenUsage }): void {
    const entry = this.byModel.get(options.model) ?? {
      calls: 0,
      inputTokens: 0,
      outputTokens: 0,
      cachedTokens: 0,
      reasoningTokens: 0,
    };
    entry.calls += 1;
    entry.inputTokens += options.usage.inputTokens;
    entry.outputTokens += options.usage.outputTokens;
    entry.cachedTokens += options.usage.cachedTokens;
    entry.reasoningTokens += options.usage.reasoningTokens;
    this.byModel.set(options.model, entry);
  }

  stats(calls: number): MockLlmServerStats {
    const totals = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
    const byModel: Record<string, ModelUsageStats> = {};
    for (const [model, entry] of this.byModel) {
      byModel[model] = { ...entry };
      totals.inputTokens += entry.inputTokens;
      totals.outputTokens += entry.outputTokens;
      totals.cachedTokens += entry.cachedTokens;
      totals.reasoningTokens += entry.reasoningTokens;
    }
    return { calls, byModel, totals };
  }

  reset(): void {
    this.byModel.clear();
  }
}
