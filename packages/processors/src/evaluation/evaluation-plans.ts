import { type EvaluatorEntry, evaluatorEntry, evaluatorRegistry } from './evaluator-registry';
import type { EvaluationTarget, Evaluator } from './types';

/** The evaluators that run on each target, in order. */
export type Plans = Readonly<Record<EvaluationTarget, readonly EvaluatorEntry[]>>;

/**
 * Planning: which evaluators run on which target. A processor's own evaluators, with those of `registerEvaluator`
 * on top (the later one of a name wins), rebuilt only when the registry changed.
 */
export class EvaluationPlans {
  private readonly local: EvaluatorEntry[];
  private readonly onReplaced: (entry: EvaluatorEntry) => void;
  private plans: Plans = { llm: [], agent: [], tool: [] };
  private current: ReadonlySet<EvaluatorEntry> = new Set();
  private version = -1;

  /** `onReplaced` is told of each entry that left the plans (unregistered, or replaced under its name). */
  constructor(evaluators: readonly Evaluator[], onReplaced: (entry: EvaluatorEntry) => void) {
    this.local = evaluators.map(evaluatorEntry).filter((entry) => entry !== undefined);
    this.onReplaced = onReplaced;
  }

  get(): Plans {
    if (this.version === evaluatorRegistry.version) return this.plans;
    this.version = evaluatorRegistry.version;
    const byName = new Map<string, EvaluatorEntry>();
    for (const entry of [...this.local, ...evaluatorRegistry.list()]) {
      byName.delete(entry.name);
      byName.set(entry.name, entry);
    }
    const entries = [...byName.values()];
    this.plans = {
      llm: entries.filter((entry) => entry.targets.has('llm')),
      agent: entries.filter((entry) => entry.targets.has('agent')),
      tool: entries.filter((entry) => entry.targets.has('tool')),
    };
    const previous = this.current;
    this.current = new Set(entries);
    for (const entry of previous) if (!this.current.has(entry)) this.onReplaced(entry);
    return this.plans;
  }

  /** True when some evaluator runs on some target. */
  any(): boolean {
    const plans = this.get();
    return plans.llm.length > 0 || plans.agent.length > 0 || plans.tool.length > 0;
  }
}
