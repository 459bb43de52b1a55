import type { SpanContent } from '@driftwatch/processors';
import type { CallAwaitingContent, LateContentEvaluation } from '@driftwatch/processors/internal';
import {
  DRIFTWATCH_DROP_REASON_VALUE_AWAITING_CAPACITY,
  DRIFTWATCH_DROP_REASON_VALUE_INCOMPLETE_CONTENT,
  DRIFTWATCH_DROP_REASON_VALUE_LATE_CONTENT,
} from '@driftwatch/semconv';
import { isWhole, mergeMessages, type SpanMessages } from './pending-content';

interface AwaitingCall {
  readonly evaluation: LateContentEvaluation;
  readonly call: CallAwaitingContent;
  readonly at: number;
  /** Per-message content that came so far, not yet whole. */
  messages: SpanMessages | undefined;
}

export interface AwaitingContentOptions {
  /** Calls waiting at once; beyond, the oldest is forgotten. */
  readonly maxCalls: number;
  /** How long after its span a call waits for its content. */
  readonly maxAgeMillis: number;
  /** Calls remembered as gone (evaluated or forgotten), so that content still coming for them is counted. */
  readonly maxSettled: number;
  /** Told of a call's content that will not be evaluated, with the reason. */
  readonly onDropped: (reason: string) => void;
}

function contentOf(messages: SpanMessages): SpanContent {
  return { call: { inputMessages: messages.input ?? [], outputMessages: messages.output ?? [] } };
}

/**
 * LLM calls whose span was processed (and forwarded) before their content, which the source sends as log events
 * exported on their own schedule: what their evaluators need, kept by `traceId/spanId` until the content is whole
 * (see {@link isWhole}), then evaluated once by the call's source (its quality processor's evaluators that had
 * nothing to score without content). Bounded in calls and in age. Content that comes for a call after it was
 * evaluated or forgotten is counted as dropped, once per call, with the reason it was not evaluated.
 */
export class AwaitingContent {
  private readonly calls = new Map<string, AwaitingCall>();
  /** Calls gone, by key: the drop reason of content still coming for them (undefined once counted). */
  private readonly settled = new Map<string, string | undefined>();
  private readonly options: AwaitingContentOptions;

  constructor(options: AwaitingContentOptions) {
    this.options = options;
  }

  get size(): number {
    return this.calls.size;
  }

  /** A call that ended without whole content (`messages`: what came before it, if any) waits for the rest. */
  remember(
    key: string,
    awaiting: { evaluation: LateContentEvaluation; call: CallAwaitingContent; messages: SpanMessages | undefined },
    nowMillis: number,
  ): void {
    this.calls.delete(key);
    this.settled.delete(key);
    this.calls.set(key, { ...awaiting, at: nowMillis });
    while (this.calls.size > this.options.maxCalls) {
      const [oldest] = this.calls.keys();
      if (oldest === undefined) break;
      this.forget(oldest, DRIFTWATCH_DROP_REASON_VALUE_AWAITING_CAPACITY);
    }
  }

  /**
   * Takes log content of a call: true when the call was waiting for it (evaluated once whole) or is gone (the content
   * counted as dropped); false when the gateway knows nothing of the call (its span may still come).
   */
  receive(key: string, messages: SpanMessages): boolean {
    const waiting = this.calls.get(key);
    if (waiting !== undefined) {
      const merged = mergeMessages(waiting.messages, messages);
      if (!isWhole(merged, waiting.call.failed)) {
        waiting.messages = merged;
        return true;
      }
      this.calls.delete(key);
      this.settle(key, DRIFTWATCH_DROP_REASON_VALUE_LATE_CONTENT);
      waiting.evaluation.evaluate(waiting.call, contentOf(merged));
      return true;
    }
    if (!this.settled.has(key)) return false;
    const reason = this.settled.get(key);
    if (reason !== undefined) {
      this.options.onDropped(reason);
      this.settled.set(key, undefined);
    }
    return true;
  }

  /** Forgets the calls that waited longer than the window. */
  expire(nowMillis: number): void {
    for (const [key, waiting] of this.calls) {
      if (nowMillis - waiting.at <= this.options.maxAgeMillis) return;
      this.forget(key, DRIFTWATCH_DROP_REASON_VALUE_LATE_CONTENT);
    }
  }

  /** At shutdown: the calls with part of their content are counted as incomplete; every call is forgotten. */
  close(): void {
    for (const waiting of this.calls.values()) {
      if (waiting.messages !== undefined) this.options.onDropped(DRIFTWATCH_DROP_REASON_VALUE_INCOMPLETE_CONTENT);
    }
    this.calls.clear();
    this.settled.clear();
  }

  /** A call stops waiting: part of its content counted as incomplete (or pushed out), the rest to come as `reason`. */
  private forget(key: string, reason: string): void {
    const waiting = this.calls.get(key);
    this.calls.delete(key);
    if (waiting?.messages === undefined) {
      this.settle(key, reason);
      return;
    }
    this.options.onDropped(
      reason === DRIFTWATCH_DROP_REASON_VALUE_AWAITING_CAPACITY
        ? reason
        : DRIFTWATCH_DROP_REASON_VALUE_INCOMPLETE_CONTENT,
    );
    this.settle(key, undefined);
  }

  private settle(key: string, reason: string | undefined): void {
    this.settled.delete(key);
    this.settled.set(key, reason);
    while (this.settled.size > this.options.maxSettled) {
      const [oldest] = this.settled.keys();
      if (oldest === undefined) break;
      this.settled.delete(oldest);
    }
  }
}
