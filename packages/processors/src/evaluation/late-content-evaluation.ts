import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
} from '@driftwatch/semconv';
import { type Attributes, ROOT_CONTEXT, type SpanContext, trace } from '@opentelemetry/api';
import type { ReadableSpan, Span } from '@opentelemetry/sdk-trace';
import type { SpanContent } from '../content-contract';
import { isInferenceOperation } from '../genai-span';
import type { ProcessorGuard } from '../internal/processor-guard';
import type { AgentNameLookup } from '../runs/agent-run-processor';
import { ContentRecord } from './content-channel';
import { SpanEvaluationInput } from './evaluation-input';
import type { EvaluationPlans } from './evaluation-plans';
import type { EvaluationScheduler } from './evaluation-scheduler';
import { type EvaluatorEntry, inScope } from './evaluator-registry';
import { stringAttribute } from './span-memory';

/** The attributes an evaluation of a call reads besides its content (the rest of the span is not kept). */
const EVALUATED_ATTRIBUTES = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_ERROR_TYPE,
] as const;

/**
 * What is kept of an LLM call that ended without its content, to evaluate the content that comes after it: its ids,
 * the few attributes evaluators read, its agent, and the evaluators that had nothing to score without content.
 */
export interface CallAwaitingContent {
  readonly spanContext: SpanContext;
  readonly attributes: Attributes;
  readonly agentName: string | undefined;
  /** Names of the evaluators to run on the content: those that gave no score when the span ended. */
  readonly evaluators: readonly string[];
  /** The call failed (`error.type`): it has no answer to wait for. */
  readonly failed: boolean;
}

/** Scores are set on a span that has already left: this stand-in takes them and keeps nothing. */
const GONE_SPAN = { setAttributes: () => GONE_SPAN } as unknown as Span;

/**
 * Evaluation of content that arrives after its span ended (the gateway receives a source's logs and spans in any
 * order, and never holds a span back): the quality processor's own plans, scheduler and recorder, so scores go to
 * the same metrics with the same labels, and `gen_ai.evaluation.result` events are parented to the call. Only the
 * evaluators that had nothing to score when the span ended run, so no call is scored twice by one evaluator.
 */
export class LateContentEvaluation {
  private readonly plans: EvaluationPlans;
  private readonly scheduler: EvaluationScheduler;
  private readonly guard: ProcessorGuard;
  private readonly agentNames: AgentNameLookup | undefined;
  /** The evaluators' names last kept: calls usually wait for the same ones, and share the list. */
  private lastEvaluators: readonly string[] = [];

  constructor(options: {
    plans: EvaluationPlans;
    scheduler: EvaluationScheduler;
    guard: ProcessorGuard;
    agentNames: AgentNameLookup | undefined;
  }) {
    this.plans = options.plans;
    this.scheduler = options.scheduler;
    this.guard = options.guard;
    this.agentNames = options.agentNames;
  }

  /**
   * For an LLM call span that went through the processors without content: what to keep to evaluate its content
   * later, or undefined when no evaluator would score it (evaluation off, or every evaluator scored it already).
   * Sync evaluators that set their score on the span, and async ones that applied without content, are done.
   */
  awaitContent(span: ReadableSpan): CallAwaitingContent | undefined {
    let awaiting: CallAwaitingContent | undefined;
    this.guard.run(
      (ended: ReadableSpan) => {
        awaiting = this.awaiting(ended);
      },
      this,
      span,
    );
    return awaiting;
  }

  /** Evaluates the content of a call that waited for it; never throws. */
  evaluate(call: CallAwaitingContent, content: SpanContent): void {
    this.guard.run(
      (arrived: SpanContent) => {
        const wanted = new Set(call.evaluators);
        const plan = this.plans.get().llm.filter((entry) => wanted.has(entry.name));
        if (plan.length === 0) return;
        const input = this.inputOf(call, new ContentRecord(arrived));
        this.scheduler.run(GONE_SPAN, plan, input, {
          context: trace.setSpanContext(ROOT_CONTEXT, call.spanContext),
          agentName: call.agentName,
          requestModel: input.requestModel,
          responseId: stringAttribute(call.attributes, ATTR_GEN_AI_RESPONSE_ID),
        });
      },
      this,
      content,
    );
  }

  private awaiting(span: ReadableSpan): CallAwaitingContent | undefined {
    if (!isInferenceOperation(span.attributes[ATTR_GEN_AI_OPERATION_NAME])) return undefined;
    const attributes: Attributes = {};
    for (const key of EVALUATED_ATTRIBUTES) {
      const value = span.attributes[key];
      if (value !== undefined) attributes[key] = value;
    }
    const call = {
      spanContext: span.spanContext(),
      attributes,
      agentName: this.agentNames?.agentNameFor(span),
      evaluators: [] as string[],
      failed: attributes[ATTR_ERROR_TYPE] !== undefined,
    };
    const withoutContent = this.inputOf(call, undefined);
    for (const entry of this.plans.get().llm) {
      const { requestModel, responseModel } = withoutContent;
      if (!inScope(entry, 'llm', call.agentName, requestModel, responseModel)) continue;
      if (!this.scoredAlready(entry, span, withoutContent)) call.evaluators.push(entry.name);
    }
    if (call.evaluators.length === 0) return undefined;
    const previous = this.lastEvaluators;
    const same =
      previous.length === call.evaluators.length && previous.every((name, index) => name === call.evaluators[index]);
    if (!same) this.lastEvaluators = call.evaluators;
    return same ? { ...call, evaluators: previous } : call;
  }

  /** Whether an evaluator gave its verdict on the call when it ended (a sync score, or an async run it applied to). */
  private scoredAlready(entry: EvaluatorEntry, span: ReadableSpan, withoutContent: SpanEvaluationInput): boolean {
    if (entry.sync) return span.attributes[entry.scoreAttribute] !== undefined;
    const { applies } = entry.evaluator;
    if (applies === undefined) return true;
    try {
      return applies.call(entry.evaluator, withoutContent) !== false;
    } catch {
      return true;
    }
  }

  private inputOf(call: Omit<CallAwaitingContent, 'failed'>, record: ContentRecord | undefined): SpanEvaluationInput {
    return new SpanEvaluationInput({
      target: 'llm',
      attributes: call.attributes,
      spanContext: call.spanContext,
      agentName: call.agentName,
      record,
    });
  }
}
