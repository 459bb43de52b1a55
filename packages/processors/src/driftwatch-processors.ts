import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { ContextWindowProcessor } from './context/context-window-processor';
import { CostProcessor } from './cost/cost-processor';
import { ModelDriftProcessor } from './drift/model-drift-processor';
import { createQualityProcessor } from './evaluation/create-quality-processor';
import { readRequirePinnedModels } from './internal/environment';
import { DEFAULT_SLOW_THRESHOLD_MILLIS } from './internal/processor-guard';
import { ProcessorInstruments } from './internal/processor-instruments';
import { defaultModelTable, loadModelTable } from './model-table/load-model-table';
import { AgentRunProcessor } from './runs/agent-run-processor';
import type { DriftwatchProcessorsOptions } from './types';

/**
 * Driftwatch's span processors, in the order they must run: cost, model drift, context window, the per-run
 * roll-ups (which sum the costs), then quality (evaluators, which see the roll-ups). Put them before your
 * exporting processor in your own SDK:
 *
 * ```ts
 * new NodeSDK({ spanProcessors: [...driftwatchProcessors(), new BatchSpanProcessor({ exporter })] });
 * ```
 *
 * Reads `DRIFTWATCH_PRICE_TABLE` (merged under the `prices` option) and `DRIFTWATCH_REQUIRE_PINNED_MODELS` (unless
 * `requirePinnedModels` is given), and the evaluation variables (`DRIFTWATCH_EVALUATORS`, `DRIFTWATCH_JUDGE_*`)
 * unless `evaluation` says otherwise. They never throw into the app: each is guarded and timed (see
 * {@link DriftwatchProcessorsOptions.slowThresholdMillis}).
 */
export function driftwatchProcessors(options: DriftwatchProcessorsOptions = {}): SpanProcessor[] {
  const instruments = new ProcessorInstruments(options.meterProvider);
  const table = options.prices === undefined ? defaultModelTable() : loadModelTable({ prices: options.prices });
  const slowThresholdMillis = options.slowThresholdMillis ?? DEFAULT_SLOW_THRESHOLD_MILLIS;
  const runs = new AgentRunProcessor({
    instruments,
    maxOpenRuns: options.maxOpenRuns ?? 10_000,
    maxRunAgeMillis: options.maxRunAgeMillis ?? 3_600_000,
    slowThresholdMillis,
  });
  const llmOptions = { instruments, table, agentNames: runs, slowThresholdMillis };
  const quality =
    options.evaluation === false
      ? []
      : [createQualityProcessor(options.evaluation ?? {}, { instruments, agentNames: runs, slowThresholdMillis })];
  return [
    new CostProcessor(llmOptions),
    new ModelDriftProcessor({
      ...llmOptions,
      requirePinnedModels: options.requirePinnedModels ?? readRequirePinnedModels(),
      maxModelLabels: options.maxModelLabels ?? 256,
      maxValuesPerLabel: options.maxValuesPerLabel ?? 32,
    }),
    new ContextWindowProcessor(llmOptions),
    runs,
    ...quality,
  ];
}
