import type { SpanContent } from '../content-contract';

/** A quality processor: content is only kept while one of them has evaluators. */
export interface ContentConsumer {
  wantsContent(): boolean;
}

/** What a producer attached for one span: the content, or the function that builds it. */
export type ContentSource = SpanContent | (() => SpanContent);

/** The content of one ended span, built from its source on first read, then remembered. */
export class ContentRecord {
  private source: ContentSource | undefined;
  private content: SpanContent | undefined;

  constructor(source: ContentSource) {
    this.source = source;
  }

  /** The content; a source that throws or returns nothing reads as empty. */
  read(): SpanContent {
    const { source } = this;
    if (source !== undefined) {
      this.source = undefined;
      try {
        this.content = (typeof source === 'function' ? source() : source) ?? {};
      } catch {
        this.content = {};
      }
    }
    return this.content ?? {};
  }
}

interface SpanLike {
  isRecording?: () => boolean;
}

function isRecordingSpan(span: unknown): span is object {
  if (typeof span !== 'object' || span === null) return false;
  try {
    return (span as SpanLike).isRecording?.() !== false;
  } catch {
    return false;
  }
}

/**
 * The in-memory side channel from the producers to the evaluators, keyed by the span object in a WeakMap, so nothing
 * outlives the span and nothing is ever exported. Only references are stored (no copy, no serialization), and only
 * while a quality processor has evaluators and the span is recording. Never throws.
 */
export class ContentChannel {
  private readonly sources = new WeakMap<object, ContentSource>();
  private readonly consumers = new Set<ContentConsumer>();

  /** True while some quality processor has evaluators: only then is content worth handing over. */
  get active(): boolean {
    for (const consumer of this.consumers) if (consumer.wantsContent()) return true;
    return false;
  }

  /** Keeps `content` for `span`; returns whether it was kept. */
  attach(span: unknown, content: ContentSource): boolean {
    if (content === undefined || content === null || !this.active || !isRecordingSpan(span)) return false;
    this.sources.set(span, content);
    return true;
  }

  /** Removes and returns what was attached for this span. */
  take(span: object): ContentRecord | undefined {
    const source = this.sources.get(span);
    if (source === undefined) return undefined;
    this.sources.delete(span);
    return new ContentRecord(source);
  }

  /** Registers a consumer; returns its removal. */
  addConsumer(consumer: ContentConsumer): () => void {
    this.consumers.add(consumer);
    return () => {
      this.consumers.delete(consumer);
    };
  }
}

const CHANNEL_KEY = Symbol.for('@driftwatch/processors/content-contract/v1');
const store = globalThis as typeof globalThis & { [CHANNEL_KEY]?: ContentChannel };

/**
 * The process-wide channel, shared by every copy of this package loaded in the process (so an instrumentation and
 * processors installed as separate copies still meet).
 */
export const contentChannel: ContentChannel = store[CHANNEL_KEY] ?? new ContentChannel();
store[CHANNEL_KEY] = contentChannel;
