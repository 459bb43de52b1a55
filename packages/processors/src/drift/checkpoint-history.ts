import {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_RESPONSE_MODEL,
  DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_SYSTEM_FINGERPRINT,
} from '@driftwatch/semconv';
import type { Attributes, ObservableResult } from '@opentelemetry/api';

export type ModelChangeKind =
  | typeof DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_RESPONSE_MODEL
  | typeof DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_SYSTEM_FINGERPRINT;

/** A response model or fingerprint never seen before for a label. */
export interface ModelChange {
  readonly kind: ModelChangeKind;
  readonly previous: string;
  readonly current: string;
}

/**
 * Values seen for one label, oldest first, at most `limit` (the oldest is forgotten beyond it, and would count as
 * new if it came back). The first value is the baseline; a value seen before is a flip, not a change.
 */
class SeenValues {
  private readonly values = new Set<string>();
  current: string | undefined;

  /** The value this one replaces, when it was never seen before (and is not the first); else undefined. */
  observe(value: string, limit: number): string | undefined {
    const previous = this.current;
    this.current = value;
    if (this.values.has(value)) return undefined;
    if (this.values.size >= limit) {
      const oldest = this.values.values().next();
      if (oldest.done !== true) this.values.delete(oldest.value);
    }
    this.values.add(value);
    return previous;
  }

  get size(): number {
    return this.values.size;
  }
}

/** One response model + fingerprint pair reported by the checkpoint gauge, its attributes made once. */
interface CheckpointSeries {
  readonly attributes: Attributes;
}

/** What is known about one requested model label of one provider. */
class LabelHistory {
  readonly responseModels = new SeenValues();
  readonly fingerprints = new SeenValues();
  /** Every pair reported so far (bounded); the current one reports 1, the others 0. */
  readonly series = new Map<string, CheckpointSeries>();
  currentSeries: string | undefined;
  /** The response model and fingerprint of the label's last call (the parts of `currentSeries`). */
  lastResponseModel: string | undefined;
  lastFingerprint: string | undefined;
}

export interface CheckpointHistoryOptions {
  readonly maxLabels: number;
  readonly maxValuesPerLabel: number;
  /** Called when bounds made the history forget something (a label or a value). */
  readonly onForgotten: () => void;
}

export interface ObservedCall {
  readonly provider: string | undefined;
  readonly requestModel: string;
  readonly responseModel: string;
  readonly fingerprint: string | undefined;
}

const LABEL_SEPARATOR = '\u0000';

const NO_CHANGES: readonly ModelChange[] = [];

/** The label used last, which is also the most recently used one. */
interface LastLabel {
  readonly provider: string | undefined;
  readonly requestModel: string;
  readonly history: LabelHistory;
}

/**
 * Per requested model label (and provider), the response models and `system_fingerprint`s seen, bounded in labels
 * (least recently used forgotten first) and in values per label. Feeds `driftwatch.model.checkpoint`: 1 for the
 * pair serving each label now, 0 for the pairs that served it before in this process (the SDK keeps reporting a
 * cumulative series once seen, so a replaced pair must go to 0 rather than disappear).
 */
export class CheckpointHistory {
  private readonly options: CheckpointHistoryOptions;
  private readonly labels = new Map<string, LabelHistory>();
  private last: LastLabel | undefined;

  constructor(options: CheckpointHistoryOptions) {
    this.options = options;
  }

  /** Records one answered call; returns the changes it shows (none for a label's first call or a flip). */
  observe(call: ObservedCall): readonly ModelChange[] {
    if (this.repeatsLastCall(call)) return NO_CHANGES;
    const history = this.historyOf(call);
    const changes: ModelChange[] = [];
    this.noteValue(
      history.responseModels,
      call.responseModel,
      DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_RESPONSE_MODEL,
      changes,
    );
    if (call.fingerprint !== undefined) {
      this.noteValue(
        history.fingerprints,
        call.fingerprint,
        DRIFTWATCH_MODEL_CHANGE_KIND_VALUE_SYSTEM_FINGERPRINT,
        changes,
      );
    }
    this.noteSeries(history, call);
    return changes;
  }

  /** Reports `driftwatch.model.checkpoint` for every label. */
  report(result: ObservableResult): void {
    for (const history of this.labels.values()) {
      for (const [key, series] of history.series) {
        result.observe(key === history.currentSeries ? 1 : 0, series.attributes);
      }
    }
  }

  stats(): { labels: number; values: number } {
    let values = 0;
    for (const history of this.labels.values()) {
      values += history.responseModels.size + history.fingerprints.size + history.series.size;
    }
    return { labels: this.labels.size, values };
  }

  /**
   * The same label, response model and fingerprint as the call before: nothing to record (the label is already
   * the most recently used, its values already current and seen). The usual case, so it builds no keys.
   */
  private repeatsLastCall(call: ObservedCall): boolean {
    const { last } = this;
    return (
      last !== undefined &&
      last.requestModel === call.requestModel &&
      last.provider === call.provider &&
      last.history.lastResponseModel === call.responseModel &&
      last.history.lastFingerprint === call.fingerprint
    );
  }

  private historyOf(call: ObservedCall): LabelHistory {
    const key = (call.provider ?? '') + LABEL_SEPARATOR + call.requestModel;
    let history = this.labels.get(key);
    if (history !== undefined) {
      // Most recently used last, so the first entry is the one to forget.
      this.labels.delete(key);
    } else {
      history = new LabelHistory();
      if (this.labels.size >= this.options.maxLabels) {
        const oldest = this.labels.keys().next();
        if (oldest.done !== true) this.labels.delete(oldest.value);
        this.options.onForgotten();
      }
    }
    this.labels.set(key, history);
    this.last = { provider: call.provider, requestModel: call.requestModel, history };
    return history;
  }

  private noteValue(seen: SeenValues, value: string, kind: ModelChangeKind, changes: ModelChange[]): void {
    const { maxValuesPerLabel } = this.options;
    const full = seen.size >= maxValuesPerLabel;
    const previous = seen.observe(value, maxValuesPerLabel);
    if (previous === undefined) return;
    if (full) this.options.onForgotten();
    changes.push({ kind, previous, current: value });
  }

  private noteSeries(history: LabelHistory, call: ObservedCall): void {
    const key = call.responseModel + LABEL_SEPARATOR + (call.fingerprint ?? '');
    history.currentSeries = key;
    history.lastResponseModel = call.responseModel;
    history.lastFingerprint = call.fingerprint;
    if (history.series.has(key)) return;
    if (history.series.size >= this.options.maxValuesPerLabel) {
      const oldest = history.series.keys().next();
      if (oldest.done !== true) history.series.delete(oldest.value);
    }
    const attributes: Attributes = { [ATTR_GEN_AI_REQUEST_MODEL]: call.requestModel };
    if (call.provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = call.provider;
    attributes[ATTR_GEN_AI_RESPONSE_MODEL] = call.responseModel;
    if (call.fingerprint !== undefined) attributes[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = call.fingerprint;
    history.series.set(key, { attributes });
  }
}
