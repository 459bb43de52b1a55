import { REQUIRE_PINNED_MODELS_ENVIRONMENT } from '../internal/environment';
import { defaultModelTable } from './load-model-table';
import type { ModelTable } from './model-table';

/**
 * Whether `model` names a dated checkpoint: false for a floating alias (`gpt-4o-mini`, `claude-sonnet-4-5`,
 * `…-latest`), true for a dated checkpoint (`gpt-4o-mini-2024-07-18`, `claude-sonnet-4-5-20250929`,
 * `gpt-4-0613`), a fine-tune (`ft:…`) or a fixed model of the table (`text-embedding-3-small`), and undefined
 * when neither the name nor the table tells (a self-hosted or unknown model). Uses the bundled table with
 * `DRIFTWATCH_PRICE_TABLE` merged over it unless given another.
 */
export function isPinnedModel(model: string, table: ModelTable = defaultModelTable()): boolean | undefined {
  return table.isPinned(model);
}

/**
 * Thrown synchronously by a patched SDK method (`client.chat.completions.create(…)`) before anything is sent, when
 * `DRIFTWATCH_REQUIRE_PINNED_MODELS=error` and the request names a floating alias. Inside an `async` function
 * (`await client…create()`) it reaches the caller's `catch` like any API error. Models whose pinning is unknown
 * are never refused.
 */
export class UnpinnedModelError extends Error {
  /** Stable, for code that handles it without `instanceof` (another copy of the package). */
  readonly code = 'driftwatch_unpinned_model';
  /** The floating model the request named. */
  readonly model: string;
  /** The checkpoint the alias resolves to in the model table today, when known: the one to pin. */
  readonly checkpoint: string | undefined;

  constructor(model: string, checkpoint?: string) {
    const suggestion = checkpoint === undefined ? 'a dated checkpoint' : `a dated checkpoint such as "${checkpoint}"`;
    super(
      `model "${model}" is a floating alias and ${REQUIRE_PINNED_MODELS_ENVIRONMENT}=error requires pinned models: ` +
        `request ${suggestion}. The request was not sent.`,
    );
    this.name = 'UnpinnedModelError';
    this.model = model;
    this.checkpoint = checkpoint;
  }
}
