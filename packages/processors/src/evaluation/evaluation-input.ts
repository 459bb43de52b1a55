import { ATTR_ERROR_TYPE, ATTR_GEN_AI_OUTPUT_TYPE, ATTR_GEN_AI_RESPONSE_FINISH_REASONS } from '@driftwatch/semconv';
import type { Attributes, SpanContext } from '@opentelemetry/api';
import type { RequestedFormat, SpanContent, ToolCallContent } from '../content-contract';
import { providerOf, requestModelOf, responseModelOf } from '../genai-span';
import { afterLastAssistant, TEXT_FORMAT } from './content/call-content';
import { CallView } from './content/call-view';
import type { ContentRecord } from './content-channel';
import type { ContentMessage, EvaluationInput, EvaluationTarget, ModelToolCall } from './types';

export interface SpanEvaluationInputOptions {
  readonly target: EvaluationTarget;
  readonly attributes: Attributes;
  readonly spanContext: SpanContext;
  readonly agentName: string | undefined;
  /** What the instrumentation handed over for this span. */
  readonly record: ContentRecord | undefined;
  /** Runs without content of their own: the first and the last LLM call inside them. */
  readonly firstCall?: ContentRecord;
  readonly lastCall?: ContentRecord;
}

const NO_FINISH_REASONS: readonly string[] = [];

function finishReasonsOf(attributes: Attributes): readonly string[] {
  const value = attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? (value.filter((item) => typeof item === 'string') as string[]) : NO_FINISH_REASONS;
}

/** The {@link EvaluationInput} of one ended span: attributes read once, content normalized on first use. */
export class SpanEvaluationInput implements EvaluationInput {
  readonly target: EvaluationTarget;
  readonly attributes: Attributes;
  readonly spanContext: SpanContext;
  readonly agentName: string | undefined;
  readonly provider: string | undefined;
  readonly requestModel: string | undefined;
  readonly responseModel: string | undefined;
  readonly failed: boolean;
  readonly finishReasons: readonly string[];
  readonly hasContent: boolean;
  private readonly record: ContentRecord | undefined;
  private readonly inputView: CallView;
  private readonly outputView: CallView;
  private newInput: readonly ContentMessage[] | undefined;

  constructor(options: SpanEvaluationInputOptions) {
    const { attributes, record } = options;
    this.target = options.target;
    this.attributes = attributes;
    this.spanContext = options.spanContext;
    this.agentName = options.agentName;
    this.provider = providerOf(attributes);
    this.requestModel = requestModelOf(attributes);
    this.responseModel = responseModelOf(attributes);
    this.failed = attributes[ATTR_ERROR_TYPE] !== undefined;
    this.finishReasons = finishReasonsOf(attributes);
    this.record = record;
    const own = record === undefined ? undefined : new CallView(record);
    const content = options.target === 'agent' ? record?.read() : undefined;
    if (own !== undefined && (options.target !== 'agent' || content?.call !== undefined)) {
      this.inputView = own;
      this.outputView = own;
    } else {
      // A run: what it handed over itself (its task, its output), else its first call's input and last call's output.
      const first = new CallView(options.firstCall);
      const last = options.lastCall === options.firstCall ? first : new CallView(options.lastCall);
      const run = content?.run;
      this.inputView = own !== undefined && run?.input !== undefined ? own : first;
      this.outputView = own !== undefined && run?.output !== undefined ? own : last;
    }
    this.hasContent = record !== undefined || options.firstCall !== undefined;
  }

  /** Reads the content now (it is otherwise read on first use), so that sync evaluators' time is their own. */
  prepare(): void {
    if (!this.hasContent) return;
    this.inputView.inputMessages();
    this.outputView.callOutput();
  }

  content(): SpanContent {
    return this.record?.read() ?? {};
  }

  inputMessages(): readonly ContentMessage[] {
    return this.inputView.inputMessages();
  }

  newInputMessages(): readonly ContentMessage[] {
    this.newInput ??= afterLastAssistant(this.inputView.inputMessages());
    return this.newInput;
  }

  outputText(): string {
    return this.outputView.callOutput().text;
  }

  outputTexts(): readonly string[] {
    return this.outputView.callOutput().texts;
  }

  refusal(): string | undefined {
    return this.outputView.callOutput().refusal;
  }

  toolCalls(): readonly ModelToolCall[] {
    return this.outputView.callOutput().toolCalls;
  }

  requestedFormat(): RequestedFormat {
    const requested = this.inputView.requestedFormat();
    if (requested !== undefined) return requested;
    return this.attributes[ATTR_GEN_AI_OUTPUT_TYPE] === 'json' ? { type: 'json' } : TEXT_FORMAT;
  }

  toolCall(): ToolCallContent | undefined {
    return this.record?.read().tool;
  }
}
