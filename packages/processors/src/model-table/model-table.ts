import type { CallUsage } from '../genai-span';
import type { ModelEntry } from '../types';
import { fineTuneKey, isDatedModel, isLatestAlias, withoutTrailingDate } from './model-names';

/** A model name resolved to its table entry. */
export interface ResolvedModel {
  /** The key of the entry: a dated checkpoint (`gpt-4o-mini-2024-07-18`) or a fixed model. */
  readonly id: string;
  readonly entry: ModelEntry;
}

/** Validated contents of a model table. */
export interface ModelTableData {
  readonly version: string;
  readonly models: ReadonlyMap<string, ModelEntry>;
  readonly aliases: ReadonlyMap<string, string>;
}

/** How many distinct names keep their resolution cached; past it, the cache starts over. */
const RESOLUTION_CACHE_LIMIT = 1024;

/** Rounds to the pico-dollar: removes binary floating-point noise, keeps every digit a price can produce. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/**
 * Prices, context windows and aliases per model. Resolution: the exact name, then an alias, then a fine-tune's
 * own entry (`ft:<base>`; never the base model's prices), then a dated variant of a known name
 * (`gpt-4o-mini-2025-01-01` -> the entry `gpt-4o-mini` resolves to). Anything else is unknown, never free.
 */
export class ModelTable {
  readonly version: string;
  private readonly models: ReadonlyMap<string, ModelEntry>;
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly resolutions = new Map<string, ResolvedModel | null>();

  constructor(data: ModelTableData) {
    this.version = data.version;
    this.models = data.models;
    this.aliases = data.aliases;
  }

  /** The table entry that prices `model`, or undefined when the model is unknown. */
  resolve(model: string): ResolvedModel | undefined {
    const cached = this.resolutions.get(model);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = this.lookUp(model);
    if (this.resolutions.size >= RESOLUTION_CACHE_LIMIT) this.resolutions.clear();
    this.resolutions.set(model, resolved ?? null);
    return resolved;
  }

  /** The entry of a call: by the model that answered, else by the one requested. */
  resolveCall(requestModel: string | undefined, responseModel: string | undefined): ResolvedModel | undefined {
    const answered = responseModel === undefined ? undefined : this.resolve(responseModel);
    return answered ?? (requestModel === undefined ? undefined : this.resolve(requestModel));
  }

  /**
   * Whether `model` names a dated checkpoint: false for a floating alias (a key of `aliases`, or `…-latest`),
   * true for a dated name, a fine-tune or a fixed model of the table (one with no dated snapshots, such as
   * `text-embedding-3-small`), undefined when the name is neither dated nor known.
   */
  isPinned(model: string): boolean | undefined {
    if (this.aliases.has(model) || isLatestAlias(model)) return false;
    if (isDatedModel(model) || this.models.has(model)) return true;
    return undefined;
  }

  /** Cost in USD of one call's usage at the entry's prices (cached and reasoning tokens at their own rates). */
  cost(entry: ModelEntry, usage: CallUsage): number {
    const cacheRead = Math.min(usage.cacheReadTokens, usage.inputTokens);
    const cacheWrite = Math.min(usage.cacheCreationTokens, usage.inputTokens - cacheRead);
    const uncachedInput = usage.inputTokens - cacheRead - cacheWrite;
    const reasoning = Math.min(usage.reasoningTokens, usage.outputTokens);
    const visibleOutput = usage.outputTokens - reasoning;
    const perMillion =
      uncachedInput * entry.input +
      cacheRead * (entry.cache_read ?? entry.input) +
      cacheWrite * (entry.cache_write ?? entry.input) +
      visibleOutput * entry.output +
      reasoning * (entry.reasoning ?? entry.output);
    return roundUsd(perMillion / 1_000_000);
  }

  private entryOf(name: string): ResolvedModel | undefined {
    const entry = this.models.get(name);
    if (entry !== undefined) return { id: name, entry };
    const target = this.aliases.get(name);
    const aliased = target === undefined ? undefined : this.models.get(target);
    return target === undefined || aliased === undefined ? undefined : { id: target, entry: aliased };
  }

  private lookUp(model: string): ResolvedModel | undefined {
    const direct = this.entryOf(model);
    if (direct !== undefined) return direct;
    const fineTune = fineTuneKey(model);
    if (fineTune !== undefined) return this.entryOf(fineTune);
    const base = withoutTrailingDate(model);
    return base === undefined ? undefined : this.entryOf(base);
  }
}
