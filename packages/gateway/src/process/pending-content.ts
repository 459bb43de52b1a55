import type { InputMessage, OutputMessage } from '@driftwatch/processors';

/** The content of one call read from a source's log events. */
export interface SpanMessages {
  readonly input: readonly InputMessage[] | undefined;
  readonly output: readonly OutputMessage[] | undefined;
  /** From the conventions' details event: the call's whole content in one record. */
  readonly whole?: boolean;
}

/**
 * Whether a call's logged content is whole: the details event, or an answer (`gen_ai.choice`; a source emits the
 * input messages before it, so they came in the same or an earlier request), or, for a failed call, which has no
 * answer, its input.
 */
export function isWhole(messages: SpanMessages, failed: boolean): boolean {
  return messages.whole === true || messages.output !== undefined || (failed && messages.input !== undefined);
}

/** `earlier` followed by `later`; a details event replaces per-message events. */
export function mergeMessages(earlier: SpanMessages | undefined, later: SpanMessages): SpanMessages {
  if (earlier === undefined || later.whole === true) return later;
  if (earlier.whole === true) return earlier;
  const join = <Message>(first: readonly Message[] | undefined, second: readonly Message[] | undefined) =>
    first === undefined ? second : second === undefined ? first : [...first, ...second];
  return { input: join(earlier.input, later.input), output: join(earlier.output, later.output) };
}

/**
 * Content that arrived in log events before its span, kept for that span's evaluators: bounded in entries
 * (oldest forgotten first) and in age. Content that arrives after its span is the {@link AwaitingContent}'s.
 */
export class PendingContent {
  private readonly entries = new Map<string, { messages: SpanMessages; at: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMillis: number;

  constructor(options: { maxEntries: number; maxAgeMillis: number }) {
    this.maxEntries = options.maxEntries;
    this.maxAgeMillis = options.maxAgeMillis;
  }

  /** Adds content for a span (after what came for it before). */
  add(key: string, messages: SpanMessages, nowMillis: number): void {
    const merged = mergeMessages(this.entries.get(key)?.messages, messages);
    this.entries.delete(key);
    this.entries.set(key, { messages: merged, at: nowMillis });
    this.trim(nowMillis);
  }

  /** Removes and returns the content of a span, if some arrived. */
  take(key: string): SpanMessages | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    return entry.messages;
  }

  get size(): number {
    return this.entries.size;
  }

  private trim(nowMillis: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && nowMillis - entry.at <= this.maxAgeMillis) return;
      this.entries.delete(key);
    }
  }
}
