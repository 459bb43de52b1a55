import { DRIFTWATCH_EVALUATION_SCORE_ATTRIBUTE_TEMPLATE } from '@driftwatch/semconv';
import { diag } from '@opentelemetry/api';
import type { EvaluationTarget, Evaluator } from './types';

/** Evaluation names: metric labels and span attribute parts, so a small alphabet and a bounded length. */
const NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const TARGETS: ReadonlySet<string> = new Set<EvaluationTarget>(['llm', 'agent', 'tool']);
const DEFAULT_TARGETS: readonly EvaluationTarget[] = ['llm'];

/** An evaluator, checked once, with what the hot path needs precomputed. */
export interface EvaluatorEntry {
  readonly evaluator: Evaluator;
  readonly name: string;
  readonly targets: ReadonlySet<EvaluationTarget>;
  readonly agents: ReadonlySet<string> | undefined;
  readonly models: ReadonlySet<string> | undefined;
  readonly sync: boolean;
  /** `driftwatch.evaluation.<name>.score`. */
  readonly scoreAttribute: string;
}

export function isEvaluationName(name: unknown): name is string {
  return typeof name === 'string' && NAME_PATTERN.test(name);
}

function isFraction(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && value >= 0 && value <= 1);
}

function isPositive(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && value > 0);
}

/** What is wrong with an evaluator, or undefined. */
function problemOf(evaluator: Evaluator): string | undefined {
  if (typeof evaluator !== 'object' || evaluator === null) return 'is not an object';
  if (!isEvaluationName(evaluator.name)) {
    return `has the name ${JSON.stringify(evaluator.name)}; use 1 to 64 of a-z, 0-9, "_", "." and "-"`;
  }
  if (typeof evaluator.evaluate !== 'function') return 'has no evaluate function';
  if (evaluator.targets !== undefined && !evaluator.targets.every((target) => TARGETS.has(target))) {
    return 'has a target other than llm, agent or tool';
  }
  if (!isFraction(evaluator.sampleRate)) return 'has a sampleRate outside 0..1';
  for (const key of ['budgetPerMinute', 'timeoutMillis', 'concurrency', 'maxQueueSize'] as const) {
    if (!isPositive(evaluator[key])) return `has a ${key} that is not a positive number`;
  }
  return undefined;
}

/** The entry of a valid evaluator; an invalid one is reported through `diag` and left out. */
export function evaluatorEntry(evaluator: Evaluator): EvaluatorEntry | undefined {
  const problem = problemOf(evaluator);
  if (problem !== undefined) {
    try {
      diag.error(`@driftwatch/processors: evaluator ${problem}; it will not run`);
    } catch {
      // diag loggers are user code.
    }
    return undefined;
  }
  const { agents, models } = evaluator;
  return {
    evaluator,
    name: evaluator.name,
    targets: new Set(evaluator.targets ?? DEFAULT_TARGETS),
    agents: agents === undefined ? undefined : new Set(agents),
    models: models === undefined ? undefined : new Set(models),
    sync: evaluator.mode === 'sync',
    scoreAttribute: DRIFTWATCH_EVALUATION_SCORE_ATTRIBUTE_TEMPLATE.replace('{name}', evaluator.name),
  };
}

/** Whether an entry's scope (agents, models) admits a span. Runs and tools are not filtered by model. */
export function inScope(
  entry: EvaluatorEntry,
  target: EvaluationTarget,
  agentName: string | undefined,
  requestModel: string | undefined,
  responseModel: string | undefined,
): boolean {
  if (entry.agents !== undefined && (agentName === undefined || !entry.agents.has(agentName))) return false;
  if (entry.models === undefined || target !== 'llm') return true;
  return (
    (requestModel !== undefined && entry.models.has(requestModel)) ||
    (responseModel !== undefined && entry.models.has(responseModel))
  );
}

/** The evaluators registered at run time with {@link registerEvaluator}, by name. */
class EvaluatorRegistry {
  /** Bumped at each change, so processors rebuild their plans only then. */
  version = 0;
  private readonly entries = new Map<string, EvaluatorEntry>();

  register(evaluator: Evaluator): () => void {
    const entry = evaluatorEntry(evaluator);
    if (entry === undefined) return () => {};
    if (this.entries.has(entry.name)) {
      diag.warn(`@driftwatch/processors: evaluator "${entry.name}" registered again; the new one replaces it`);
    }
    this.entries.set(entry.name, entry);
    this.version += 1;
    return () => {
      if (this.entries.get(entry.name) !== entry) return;
      this.entries.delete(entry.name);
      this.version += 1;
    };
  }

  list(): EvaluatorEntry[] {
    return [...this.entries.values()];
  }
}

export const evaluatorRegistry = new EvaluatorRegistry();

/**
 * Registers an evaluator with every Driftwatch quality processor in the process, now and later; returns a
 * function that removes it. An evaluator with the name of another (a built-in included) replaces it. An invalid
 * evaluator is reported through `diag` and never runs; this never throws.
 *
 * ```ts
 * registerEvaluator({
 *   name: 'cites_source', agents: ['support-bot'],
 *   evaluate: (input) => ({ score: /\[\d+\]/.test(input.outputText()) ? 1 : 0 }),
 * });
 * ```
 */
export function registerEvaluator(evaluator: Evaluator): () => void {
  try {
    return evaluatorRegistry.register(evaluator);
  } catch {
    return () => {};
  }
}
