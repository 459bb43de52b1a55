import type { InputMessage, OutputMessage } from '@driftwatch/processors';

export interface SpanMessages {
  input: InputMessage[] | undefined;
  output: OutputMessage[] | undefined;
}

/**
 * Content that arrived in log events before its span, kept for that span's evaluators: bounded in entries
 * (oldest forgotten first) and in age. Content whose span already passed is not evaluated (the span was
 * forwarded at once; it is never held back for its logs).
 */
export class PendingContent {
  private readonly entries = new Map<string, { messages: SpanMessages; at: number }>();
  private readonly maxEntries: number;
  private readonly maxAgeMillis: number;

  constructor(options: { maxEntries: number; maxAgeMillis: number }) {
    this.maxEntries = options.maxEntries;
    this.maxAgeMillis = options.maxAgeMillis;
  }

  set(key: string, messages: SpanMessages, nowMillis: number): void {
    this.entries.delete(key);
    this.entries.set(key, { messages, at: nowMillis });
    this.trim(nowMillis);
  }

  addInput(key: string, message: InputMessage, nowMillis: number): void {
    const messages = this.entries.get(key)?.messages ?? { input: undefined, output: undefined };
    messages.input = [...(messages.input ?? []), message];
    this.set(key, messages, nowMillis);
  }

  addOutput(key: string, message: OutputMessage, nowMillis: number): void {
    const messages = this.entries.get(key)?.messages ?? { input: undefined, output: undefined };
    messages.output = [...(messages.output ?? []), message];
    this.set(key, messages, nowMillis);
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
