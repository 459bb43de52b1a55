import {
  ATTR_DRIFTWATCH_MODEL_CHANGE_CURRENT,
  ATTR_DRIFTWATCH_MODEL_CHANGE_KIND,
  ATTR_DRIFTWATCH_MODEL_CHANGE_PREVIOUS,
  ATTR_DRIFTWATCH_MODEL_PINNED,
  EVENT_DRIFTWATCH_MODEL_CHANGED,
} from '@driftwatch/semconv';
import { type Attributes, diag } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace';
import { llmMetricLabels } from '../cost/cost-processor';
import { providerOf, requestModelOf, responseModelOf, systemFingerprintOf } from '../genai-span';
import { REQUIRE_PINNED_MODELS_ENVIRONMENT } from '../internal/environment';
import { LlmCallProcessor, type LlmCallProcessorOptions } from '../internal/llm-call-processor';
import { DROP_REASON_LABEL_LIMIT, OncePerKey } from '../internal/processor-guard';
import type { ModelTable } from '../model-table/model-table';
import type { RequirePinnedModels } from '../types';
import { CheckpointHistory } from './checkpoint-history';

export interface ModelDriftProcessorOptions extends LlmCallProcessorOptions {
  readonly table: ModelTable;
  readonly requirePinnedModels: RequirePinnedModels;
  readonly maxModelLabels: number;
  readonly maxValuesPerLabel: number;
}

/**
 * Model drift and pinning.
 * - Pinning: `driftwatch.model.pinned` (false for a floating alias, true for a dated checkpoint; absent when the
 *   name does not tell) and `driftwatch.model.unpinned_calls`; with `requirePinnedModels: 'warn'` a `diag` warning
 *   once per floating model. Refusing a call (`'error'`) happens before it is sent, in the instrumentation.
 * - Changes: per requested model label, the response models and `system_fingerprint`s seen. One not seen before
 *   for the label adds a `driftwatch.model.changed` event to the span and counts in `driftwatch.model.changes`;
 *   a label's first call sets the baseline and a flip back to a value already seen is not a change (providers
 *   serve a label from several backends). `driftwatch.model.checkpoint` reports which pair serves each label now.
 */
export class ModelDriftProcessor extends LlmCallProcessor {
  private readonly options: ModelDriftProcessorOptions;
  private readonly history: CheckpointHistory;
  private readonly floatingReported = new OncePerKey();

  constructor(options: ModelDriftProcessorOptions) {
    super('processor.drift', options);
    this.options = options;
    const { guard } = this;
    this.history = new CheckpointHistory({
      maxLabels: options.maxModelLabels,
      maxValuesPerLabel: options.maxValuesPerLabel,
      onForgotten: () => guard.drop(DROP_REASON_LABEL_LIMIT),
    });
    const history = this.history;
    options.instruments.addCheckpointCallback((result) => guard.run(history.report, history, result));
  }

  /**
   * Sizes of the internal state, for tests and diagnostics. The state outlives `shutdown()`: the SDK shuts the
   * tracer and the meter provider down together, and the last metric collection still reports the checkpoints.
   */
  stats(): { labels: number; values: number } {
    return this.history.stats();
  }

  protected processCall(span: Span): void {
    const { attributes } = span;
    const requestModel = requestModelOf(attributes);
    if (requestModel === undefined) return;
    const pinned = this.options.table.isPinned(requestModel);
    if (pinned !== undefined) span.setAttribute(ATTR_DRIFTWATCH_MODEL_PINNED, pinned);
    if (pinned === false) this.noteFloating(attributes, requestModel);
    const responseModel = responseModelOf(attributes);
    if (responseModel === undefined) return;
    const provider = providerOf(attributes);
    const changes = this.history.observe({
      provider,
      requestModel,
      responseModel,
      fingerprint: systemFingerprintOf(attributes),
    });
    for (const change of changes) {
      span.addEvent(EVENT_DRIFTWATCH_MODEL_CHANGED, {
        [ATTR_DRIFTWATCH_MODEL_CHANGE_KIND]: change.kind,
        [ATTR_DRIFTWATCH_MODEL_CHANGE_PREVIOUS]: change.previous,
        [ATTR_DRIFTWATCH_MODEL_CHANGE_CURRENT]: change.current,
      });
      this.options.instruments
        .get()
        .modelChanges.add(1, { ...llmMetricLabels(attributes), [ATTR_DRIFTWATCH_MODEL_CHANGE_KIND]: change.kind });
    }
  }

  private noteFloating(attributes: Attributes, requestModel: string): void {
    this.options.instruments.get().unpinnedCalls.add(1, llmMetricLabels(attributes));
    const mode = this.options.requirePinnedModels;
    if (mode === 'off' || !this.floatingReported.first(requestModel)) return;
    const checkpoint = this.options.table.resolve(requestModel)?.id;
    const pin = checkpoint === undefined ? 'a dated checkpoint' : `a dated checkpoint such as "${checkpoint}"`;
    if (mode === 'warn') {
      diag.warn(`@driftwatch/processors: model "${requestModel}" is a floating alias; pin ${pin}`);
    } else {
      diag.error(
        `@driftwatch/processors: a call to the floating alias "${requestModel}" was not refused although ` +
          `${REQUIRE_PINNED_MODELS_ENVIRONMENT}=error: only Driftwatch's own instrumentations can refuse a call ` +
          `before it is sent; pin ${pin}`,
      );
    }
  }
}
