import { ERROR_TYPE_VALUE_OTHER } from '@driftwatch/semconv';
import {
  type Context,
  type Exception,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanAttributeValue,
  type SpanContext,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
} from '@opentelemetry/api';
import { type HttpStatusSink, toolOf } from '../../agent/run-context';
import type { AgentRun } from '../../agent/trace-agent';
import type { ToolCall } from '../../agent/trace-tool';
import { parseJsonText } from '../../content/message-parts';
import type { ResponseDetails } from '../../genai/response-details';
import { reportInternalError } from '../../internal/guard';
import { asArray, asRecord, asString, type UnknownRecord } from '../../internal/readers';
import { failureOfType } from '../shared/framework-calls';
import { outputMessageOf } from './ai-messages';
import type { ModelCall } from './model-call';
import { finishReasonOf, readAiUsage } from './model-details';

/** One AI SDK 6 telemetry span as Driftwatch records it: attributes collected, translated when it ends. */
abstract class TranslatedSpan implements Span {
  protected readonly attributes: UnknownRecord = {};
  protected failure: { error: unknown } | undefined;
  private ended = false;
  private readonly context: SpanContext;

  constructor(spanContext: SpanContext) {
    this.context = spanContext;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: SpanAttributeValue): this {
    this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    Object.assign(this.attributes, attributes);
    return this;
  }

  addEvent(name: string, _attributesOrStartTime?: SpanAttributes | TimeInput, _startTime?: TimeInput): this {
    this.guard(() => this.onEvent(name));
    return this;
  }

  addLink(_link: Link): this {
    return this;
  }

  addLinks(_links: Link[]): this {
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (status.code === SpanStatusCode.ERROR) this.failure ??= { error: failureOfType(ERROR_TYPE_VALUE_OTHER) };
    return this;
  }

  updateName(_name: string): this {
    return this;
  }

  end(_endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.guard(() => this.finish());
  }

  isRecording(): boolean {
    return true;
  }

  /**
   * AI SDK 6 records `{ name, message, stack }` of the error: its name is its class, with the SDK's `AI_` prefix
   * dropped for its own errors (`AI_APICallError` is class `APICallError`, as AI SDK 7 reports it).
   */
  recordException(exception: Exception, _time?: TimeInput): void {
    const name = typeof exception === 'string' ? undefined : asString(exception.name)?.replace(/^AI_/, '');
    this.failure = { error: failureOfType(name || ERROR_TYPE_VALUE_OTHER) };
  }

  protected onEvent(_name: string): void {}

  protected abstract finish(): void;

  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      reportInternalError('ai_sdk.v6', error);
    }
  }
}

/** `ai.generateText`/`ai.streamText`: the `invoke_agent` run of the multi-step loop. */
export class RunSpan extends TranslatedSpan {
  private readonly run: AgentRun;

  constructor(run: AgentRun) {
    super(run.span.spanContext());
    this.run = run;
  }

  protected finish(): void {
    this.run.end(this.failure);
  }
}

/** `ai.*.doGenerate`/`ai.*.doStream`: one model call, a `chat {model}` span. */
export class ModelCallSpan extends TranslatedSpan {
  private readonly call: ModelCall;

  constructor(call: ModelCall) {
    super(call.operation.span.spanContext());
    this.call = call;
  }

  protected override onEvent(name: string): void {
    if (name === 'ai.stream.firstChunk') this.call.operation.markFirstChunk();
  }

  protected finish(): void {
    const attributes = this.attributes;
    const details: ResponseDetails = {};
    readAiUsage(
      {
        inputTokens: attributes['ai.usage.inputTokens'] ?? attributes['ai.usage.promptTokens'],
        inputTokenDetails: {
          cacheReadTokens:
            attributes['ai.usage.inputTokenDetails.cacheReadTokens'] ?? attributes['ai.usage.cachedInputTokens'],
          cacheWriteTokens: attributes['ai.usage.inputTokenDetails.cacheWriteTokens'],
        },
        outputTokens: attributes['ai.usage.outputTokens'] ?? attributes['ai.usage.completionTokens'],
        outputTokenDetails: {
          reasoningTokens:
            attributes['ai.usage.outputTokenDetails.reasoningTokens'] ?? attributes['ai.usage.reasoningTokens'],
        },
      },
      details,
    );
    const id = asString(attributes['ai.response.id']);
    if (id !== undefined) details.id = id;
    const model = asString(attributes['ai.response.model']);
    if (model !== undefined) details.model = model;
    const finish = finishReasonOf(attributes['ai.response.finishReason']);
    const finishReason = finish.unified;
    if (finish.raw !== undefined) details.finishReasons = [finish.raw];
    if (this.call.keepContent) {
      const content: unknown[] = [];
      const text = asString(attributes['ai.response.text']) ?? asString(attributes['ai.response.object']);
      if (text !== undefined) content.push({ type: 'text', text });
      for (const toolCall of asArray(parseJsonText(attributes['ai.response.toolCalls'])) ?? []) {
        content.push({ type: 'tool-call', ...asRecord(toolCall) });
      }
      details.outputMessages = [outputMessageOf(content, finishReason)];
    }
    if (this.failure !== undefined) this.call.fail(this.failure.error, details);
    else this.call.succeed(details);
  }
}

const toolSpans = new WeakMap<HttpStatusSink, ToolSpan>();

/** `ai.toolCall`: an `execute_tool` call; its exception comes from the SDK's `onToolCallFinish` event. */
export class ToolSpan extends TranslatedSpan {
  private readonly call: ToolCall;
  private thrown: { error: unknown } | undefined;

  constructor(call: ToolCall) {
    super(call.span.spanContext());
    this.call = call;
    toolSpans.set(call, this);
  }

  noteError(error: unknown): void {
    this.thrown ??= { error };
  }

  protected finish(): void {
    const failure = this.thrown ?? this.failure;
    if (failure !== undefined) this.call.fail(failure.error);
    else this.call.succeed(parseJsonText(this.attributes['ai.toolCall.result']));
  }
}

/** Records the exception of the AI SDK 6 tool running in `ctx` (from the SDK's global `onToolCallFinish`). */
export function noteV6ToolError(ctx: Context, error: unknown): void {
  const tool = toolOf(ctx);
  if (tool !== undefined) toolSpans.get(tool)?.noteError(error);
}

/** A span the SDK records that Driftwatch does not (embeddings, `ai.generateObject` itself): it records nothing. */
export class PassthroughSpan extends TranslatedSpan {
  override isRecording(): boolean {
    return false;
  }

  protected finish(): void {}
}
