import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES } from '@driftwatch/semconv';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ConventionsMessage } from './conventions-messages';

/**
 * What normalizing one span produced: the conventions' attributes it gains (never overriding one the source
 * already set), the source attributes it read (removed with `--drop-source-attributes`), and the messages it
 * rebuilt in the conventions' form from the source's own message attributes. Those messages go to the evaluators;
 * they become `gen_ai.input.messages`/`gen_ai.output.messages` on the span only when the source attributes are
 * dropped (otherwise the span would carry its content twice).
 */
export class Normalization {
  readonly source: Attributes;
  readonly added = new Map<string, AttributeValue>();
  readonly sourceKeysRead = new Set<string>();
  inputMessages: ConventionsMessage[] | undefined;
  outputMessages: ConventionsMessage[] | undefined;
  private sourceKeys: string[] | undefined;

  constructor(source: Attributes) {
    this.source = source;
  }

  /** A source attribute, remembered as read. */
  read(key: string): AttributeValue | undefined {
    const value = this.source[key];
    if (value !== undefined) this.sourceKeysRead.add(key);
    return value;
  }

  readString(key: string): string | undefined {
    const value = this.read(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** A count: a non-negative integer, or a string of one (some SDKs stringify). */
  readCount(key: string): number | undefined {
    const value = this.read(key);
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
  }

  /** The value the span will carry: the source's own, else what normalization added. */
  current(key: string): AttributeValue | undefined {
    return this.source[key] ?? this.added.get(key);
  }

  /** Adds a conventions attribute unless the span already has it. */
  set(key: string, value: AttributeValue | undefined): void {
    if (value === undefined || (typeof value === 'string' && value === '')) return;
    if (this.source[key] !== undefined || this.added.has(key)) return;
    this.added.set(key, value);
  }

  /** Messages rebuilt from the source's attributes, unless the span has the conventions' attribute already. */
  setMessages(direction: 'input' | 'output', messages: ConventionsMessage[]): void {
    if (messages.length === 0) return;
    if (direction === 'input' && this.source[ATTR_GEN_AI_INPUT_MESSAGES] === undefined) this.inputMessages ??= messages;
    if (direction === 'output' && this.source[ATTR_GEN_AI_OUTPUT_MESSAGES] === undefined)
      this.outputMessages ??= messages;
  }

  /** Adds the rebuilt messages as the conventions' attributes (when the source's are dropped). */
  addMessageAttributes(): void {
    if (this.inputMessages !== undefined) this.set(ATTR_GEN_AI_INPUT_MESSAGES, JSON.stringify(this.inputMessages));
    if (this.outputMessages !== undefined) this.set(ATTR_GEN_AI_OUTPUT_MESSAGES, JSON.stringify(this.outputMessages));
  }

  /** Source keys starting with `prefix`, marked as read. */
  keysWithPrefix(prefix: string): string[] {
    this.sourceKeys ??= Object.keys(this.source);
    const keys = this.sourceKeys.filter((key) => key.startsWith(prefix));
    for (const key of keys) this.sourceKeysRead.add(key);
    return keys;
  }
}
