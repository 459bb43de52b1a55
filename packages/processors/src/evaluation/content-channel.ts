import type { ToolCallContent } from './types';

/** The request and response shapes the evaluators can read. */
export type ContentApi = 'openai.chat_completions' | 'openai.responses' | 'anthropic.messages';

/** What an instrumentation handed over for one span: references only, read by the evaluators when it ends. */
export interface ChannelRecord {
  api: string | undefined;
  request: unknown;
  response: unknown;
  /** A stream's output messages (GenAI conventions' output-messages schema), built only when read. */
  streamedOutput: (() => unknown) | undefined;
  tool: ToolCallContent | undefined;
  run: { input: unknown; output: unknown } | undefined;
}

/** A quality processor: content is only kept while one of them has evaluators. */
export interface ContentConsumer {
  wantsContent(): boolean;
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

function emptyRecord(): ChannelRecord {
  return {
    api: undefined,
    request: undefined,
    response: undefined,
    streamedOutput: undefined,
    tool: undefined,
    run: undefined,
  };
}

/**
 * The in-memory side channel from the instrumentations to the evaluators: prompts, completions, tool arguments
 * and results, keyed by the span object in a WeakMap, so nothing outlives the span and nothing is ever exported.
 * Only references are stored (no copy, no serialization), and only while a quality processor has evaluators and
 * the span is recording. Every method is a no-op otherwise and never throws.
 */
export class ContentChannel {
  private readonly records = new WeakMap<object, ChannelRecord>();
  private readonly consumers = new Set<ContentConsumer>();

  /** True while some quality processor has evaluators: only then is content worth handing over. */
  get active(): boolean {
    for (const consumer of this.consumers) if (consumer.wantsContent()) return true;
    return false;
  }

  /** The request body of a call, as the app passed it, at the call's start. Returns whether it was kept. */
  recordRequest(span: unknown, api: ContentApi, body: unknown): boolean {
    if (!this.active || !isRecordingSpan(span)) return false;
    const record = emptyRecord();
    record.api = api;
    record.request = body;
    this.records.set(span, record);
    return true;
  }

  /** Whether content is being kept for this span (its request was recorded). */
  has(span: unknown): boolean {
    return typeof span === 'object' && span !== null && this.records.has(span);
  }

  /** The response as the SDK returned it; kept only for a span whose request was. */
  recordResponse(span: unknown, response: unknown): void {
    const record = this.recordOf(span);
    if (record !== undefined) record.response = response;
  }

  /** A stream's output, read lazily (after the stream ended) as the conventions' output messages. */
  recordStreamedOutput(span: unknown, read: () => unknown): void {
    const record = this.recordOf(span);
    if (record !== undefined) record.streamedOutput = read;
  }

  /** A tool call's arguments and result, before its `execute_tool` span ends. */
  recordTool(span: unknown, content: ToolCallContent): void {
    if (!this.active || !isRecordingSpan(span)) return;
    const record = this.recordOf(span) ?? emptyRecord();
    record.tool = content;
    this.records.set(span, record);
  }

  /** An agent run's input and output (the task and what the run returned), before its span ends. */
  recordRun(span: unknown, run: { input: unknown; output: unknown }): void {
    if (!this.active || !isRecordingSpan(span)) return;
    const record = this.recordOf(span) ?? emptyRecord();
    record.run = run;
    this.records.set(span, record);
  }

  /** Removes and returns what was handed over for this span. */
  take(span: object): ChannelRecord | undefined {
    const record = this.records.get(span);
    if (record !== undefined) this.records.delete(span);
    return record;
  }

  /** Registers a consumer; returns its removal. */
  addConsumer(consumer: ContentConsumer): () => void {
    this.consumers.add(consumer);
    return () => {
      this.consumers.delete(consumer);
    };
  }

  private recordOf(span: unknown): ChannelRecord | undefined {
    return typeof span === 'object' && span !== null ? this.records.get(span) : undefined;
  }
}

const CHANNEL_KEY = Symbol.for('@driftwatch/processors/content-channel/v1');
const store = globalThis as typeof globalThis & { [CHANNEL_KEY]?: ContentChannel };

/**
 * The process-wide channel, shared by every copy of this package loaded in the process (so an instrumentation and
 * processors installed as separate copies still meet).
 */
export const contentChannel: ContentChannel = store[CHANNEL_KEY] ?? new ContentChannel();
store[CHANNEL_KEY] = contentChannel;
