import { attachContent, type CallContent } from '@driftwatch/processors';
import { evaluatorsWantContent } from '@driftwatch/processors/internal';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
} from '@driftwatch/semconv';
import type { Attributes, Span } from '@opentelemetry/api';
import type { CallInput } from '../content/call-input';
import { setContentAttribute } from '../content/content-attribute';
import { recordRedactedException, redactSecrets } from '../content/redact-secrets';
import type { GenAIMetrics } from '../internal/genai-metrics';
import { reportInternalError } from '../internal/guard';
import { rememberClientSecrets } from './client-secrets';
import { errorTypeOf } from './error-type';
import { type OperationListener, publish } from './operation-lifecycle';
import type { ResponseDetails } from './response-details';

export interface GenAIOperationOptions {
  readonly span: Span;
  readonly metrics: GenAIMetrics;
  /** Metric attributes known at the start: operation, provider, request model, server. */
  readonly metricAttributes: Attributes;
  readonly streaming: boolean;
  /** Content budget per attribute, or undefined when content capture is off. */
  readonly contentMaxLength: number | undefined;
  /** The instrumentation's name in internal error reports (`openai`, `anthropic`). */
  readonly component: string;
  /** The features taking part in this operation: told of its first chunk and its end. */
  readonly listeners?: readonly OperationListener[];
  /** The SDK client making the call: its secrets, read again at a failure, are redacted from the error. */
  readonly client?: unknown;
}

/** One GenAI client operation: ends its span exactly once and records the conventions' metrics. */
export class GenAIOperation {
  readonly span: Span;
  readonly captureContent: boolean;
  /** The instrumentation's name in internal error reports (`openai`, `anthropic`). */
  readonly component: string;
  private readonly options: GenAIOperationOptions;
  /** The call's input, when its content goes to the evaluators. */
  private evaluatedInput: (() => CallInput) | undefined;
  private outputMessages: CallContent['outputMessages'] | undefined;
  private readonly startedAt = performance.now();
  private firstChunkSeconds: number | undefined;
  private ended = false;

  constructor(options: GenAIOperationOptions) {
    this.options = options;
    this.span = options.span;
    this.captureContent = options.contentMaxLength !== undefined;
    this.component = options.component;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Whether the response's content must be read: content capture is on, or the evaluators read it. */
  get keepContent(): boolean {
    return this.captureContent || this.evaluatedInput !== undefined;
  }

  /**
   * Hands the call's content to the evaluators (the content contract), built only when they read it: `input` and
   * the output messages the response details carry. A no-op unless evaluation is on. Only decided here: the
   * content is attached as the operation ends, just before its span does, so nothing of it runs before the
   * request is sent.
   */
  evaluateContent(input: () => CallInput): void {
    if (evaluatorsWantContent() && this.span.isRecording()) this.evaluatedInput = input;
  }

  private callContent(input: CallInput): CallContent {
    return { ...input, inputMessages: input.inputMessages ?? [], outputMessages: this.outputMessages ?? [] };
  }

  markFirstChunk(): void {
    if (this.firstChunkSeconds !== undefined) return;
    this.firstChunkSeconds = (performance.now() - this.startedAt) / 1000;
    const { listeners } = this.options;
    if (listeners !== undefined) publish(listeners, this.component, (listener) => listener.firstChunk?.(this));
  }

  succeed(details: ResponseDetails): void {
    this.finish(details, undefined);
  }

  fail(error: unknown, details: ResponseDetails = {}): void {
    this.finish(details, error ?? new Error('unknown failure'));
  }

  private finish(details: ResponseDetails, error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (this.evaluatedInput !== undefined) this.outputMessages = details.outputMessages;
    const durationSeconds = (performance.now() - this.startedAt) / 1000;
    const { span } = this;
    try {
      this.setResponseAttributes(details);
      // The metric attributes without `error.type` (which token usage never carries), then with it.
      const responseAttributes: Attributes = { ...this.options.metricAttributes };
      if (details.model !== undefined) responseAttributes[ATTR_GEN_AI_RESPONSE_MODEL] = details.model;
      if (details.serviceTier !== undefined) {
        responseAttributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = details.serviceTier;
      }
      if (details.systemFingerprint !== undefined) {
        responseAttributes[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = details.systemFingerprint;
      }
      let metricAttributes = responseAttributes;
      if (error !== undefined) {
        const errorType = errorTypeOf(error);
        span.setAttribute(ATTR_ERROR_TYPE, errorType);
        rememberClientSecrets(this.options.client);
        recordRedactedException(span, error, error instanceof Error ? redactSecrets(error.message) : errorType);
        metricAttributes = { ...responseAttributes, [ATTR_ERROR_TYPE]: errorType };
      }
      this.recordMetrics(details, metricAttributes, responseAttributes, durationSeconds);
    } catch (internalError) {
      reportInternalError(`${this.component}.end`, internalError);
    } finally {
      this.attachEvaluatedContent();
      try {
        span.end();
      } catch (internalError) {
        reportInternalError(`${this.component}.end`, internalError);
      }
      const { listeners } = this.options;
      if (listeners !== undefined) publish(listeners, this.component, (listener) => listener.ended?.(error));
    }
  }

  /** Attaches the content `evaluateContent` kept for the evaluators (never throws); before `span.end()`. */
  private attachEvaluatedContent(): void {
    const input = this.evaluatedInput;
    if (input !== undefined) attachContent(this.span, () => ({ call: this.callContent(input()) }));
  }

  /** Sets every response attribute in one call (one pass through the SDK's attribute checks). */
  private setResponseAttributes(details: ResponseDetails): void {
    const attributes: Attributes = {};
    if (details.id !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = details.id;
    if (details.model !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = details.model;
    if (details.finishReasons !== undefined && details.finishReasons.length > 0) {
      attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = details.finishReasons;
    }
    if (details.systemFingerprint !== undefined) {
      attributes[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = details.systemFingerprint;
    }
    if (details.serviceTier !== undefined) attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = details.serviceTier;
    if (details.inputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = details.inputTokens;
    if (details.outputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = details.outputTokens;
    if (details.cacheReadTokens !== undefined) {
      attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = details.cacheReadTokens;
    }
    if (details.cacheCreationTokens !== undefined) {
      attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = details.cacheCreationTokens;
    }
    if (details.reasoningTokens !== undefined) {
      attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = details.reasoningTokens;
    }
    if (details.embeddingDimensions !== undefined) {
      attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = details.embeddingDimensions;
    }
    if (this.firstChunkSeconds !== undefined) {
      attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = this.firstChunkSeconds;
    }
    this.span.setAttributes(attributes);
    const { contentMaxLength } = this.options;
    if (contentMaxLength !== undefined && details.outputMessages !== undefined) {
      setContentAttribute(this.span, ATTR_GEN_AI_OUTPUT_MESSAGES, details.outputMessages, contentMaxLength);
    }
  }

  /** `tokenBase`: the metric attributes without `error.type`. The SDK keeps the objects: none is changed after. */
  private recordMetrics(
    details: ResponseDetails,
    attributes: Attributes,
    tokenBase: Attributes,
    durationSeconds: number,
  ): void {
    const { metrics } = this.options;
    metrics.operationDuration.record(durationSeconds, attributes);
    if (this.options.streaming && this.firstChunkSeconds !== undefined) {
      metrics.timeToFirstChunk.record(this.firstChunkSeconds, attributes);
    }
    if (details.inputTokens !== undefined) {
      metrics.tokenUsage.record(details.inputTokens, {
        ...tokenBase,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
      });
    }
    if (details.outputTokens !== undefined) {
      metrics.tokenUsage.record(details.outputTokens, {
        ...tokenBase,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
      });
    }
  }
}
