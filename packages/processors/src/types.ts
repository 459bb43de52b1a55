import type { MeterProvider } from '@opentelemetry/api';
import type { EvaluationOptions } from './evaluation/types';

/**
 * One dated checkpoint in the model table. Prices are list prices in USD per 1M tokens; `cache_read` and
 * `cache_write` default to `input`, `reasoning` to `output` (providers bill reasoning tokens as output).
 */
export interface ModelEntry {
  /** `gen_ai.provider.name` of the provider that sells it. */
  provider?: string;
  input: number;
  output: number;
  /** Cached input tokens read (OpenAI "cached input", Anthropic "cache hits"). */
  cache_read?: number;
  /** Input tokens written to the cache (Anthropic's 5-minute cache write). */
  cache_write?: number;
  reasoning?: number;
  /** Context window in tokens (input plus output). */
  context_window?: number;
  max_output_tokens?: number;
  /** The day these prices took effect (`YYYY-MM-DD`). */
  effective_date?: string;
  /** Where the prices were read (the provider's pricing page). */
  source?: string;
}

/**
 * The shape of `data/models.json` and of an override (file in `DRIFTWATCH_PRICE_TABLE`, or the `prices` option).
 * An override is merged over the bundled table: a model's fields over the bundled entry of the same name (so
 * `{"models": {"gpt-4o-2024-08-06": {"input": 2}}}` changes one price), aliases added or replaced. A new model
 * needs at least `input` and `output`. A name declared a model is no longer an alias, and the other way round.
 */
export interface ModelTableFile {
  version?: string;
  models?: Record<string, Partial<ModelEntry>>;
  /** Floating labels and the dated checkpoint (a key of `models`) each resolves to today. */
  aliases?: Record<string, string>;
}

/** What `DRIFTWATCH_REQUIRE_PINNED_MODELS` asks for: nothing, a `diag` warning per floating model, or failing the call. */
export type RequirePinnedModels = 'off' | 'warn' | 'error';

/** Options of {@link driftwatchProcessors}. */
export interface DriftwatchProcessorsOptions {
  /**
   * The MeterProvider to record to. Default: the global one, resolved at each recording, so processors built
   * before `NodeSDK.start()` record to the provider it registers.
   */
  meterProvider?: MeterProvider;
  /**
   * Prices, context windows and aliases merged over the bundled table and over `DRIFTWATCH_PRICE_TABLE`
   * (a path to a JSON file of the same shape). An invalid override is reported once through `diag` and ignored.
   */
  prices?: ModelTableFile;
  /** Env: `DRIFTWATCH_REQUIRE_PINNED_MODELS` (`off`, `warn`, `error`). Default: `off`. */
  requirePinnedModels?: RequirePinnedModels;
  /** Most requested-model labels whose checkpoints are remembered for drift detection. Default: 256. */
  maxModelLabels?: number;
  /** Most response models, and most fingerprints, remembered per label. Default: 32. */
  maxValuesPerLabel?: number;
  /** Most agent runs open at once; the oldest is evicted beyond it. Default: 10000. */
  maxOpenRuns?: number;
  /** Age after which an agent run that never ended is evicted. Default: 3600000 (one hour). */
  maxRunAgeMillis?: number;
  /** A processor call slower than this is reported (`diag` once, `driftwatch.telemetry.dropped`). Default: 50. */
  slowThresholdMillis?: number;
  /**
   * Quality scores: the built-in evaluators (on by default), the LLM judge (off until configured), your own
   * evaluators, events and queues; `false` leaves the quality processor out.
   */
  evaluation?: EvaluationOptions | false;
}
