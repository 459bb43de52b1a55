import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * What normalizing one span produced: the conventions' attributes it gains (never overriding one the source
 * already set) and the source attributes it read (removed with `--drop-source-attributes`).
 */
export class Normalization {
  readonly source: Attributes;
  readonly added = new Map<string, AttributeValue>();
  readonly sourceKeysRead = new Set<string>();

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

  /** Source keys starting with `prefix`, marked as read. */
  keysWithPrefix(prefix: string): string[] {
    const keys = Object.keys(this.source).filter((key) => key.startsWith(prefix));
    for (const key of keys) this.sourceKeysRead.add(key);
    return keys;
  }
}
