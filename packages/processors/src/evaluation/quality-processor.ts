import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RESPONSE_ID,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import { type Context, type LoggerProvider, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { isInferenceOperation } from '../genai-span';
import { ProcessorGuard } from '../internal/processor-guard';
import type { ProcessorInstruments } from '../internal/processor-instruments';
import type { AgentNameLookup } from '../runs/agent-run-processor';
import { type ContentConsumer, contentChannel } from './content-channel';
import { SpanEvaluationInput } from './evaluation-input';
import { EvaluationPlans } from './evaluation-plans';
import { EvaluationRecorder } from './evaluation-recorder';
import { EvaluationScheduler } from './evaluation-scheduler';
import { clearFeedbackSink, type FeedbackSink, setFeedbackSink } from './feedback';
import { LateContentEvaluation } from './late-content-evaluation';
import { SpanMemory, stringAttribute } from './span-memory';
import type { EvaluationEvents, EvaluationTarget, Evaluator } from './types';

export interface QualityProcessorOptions {
  readonly instruments: ProcessorInstruments;
  /** The run processor of the same chain: agent names, and the runs a call belongs to. */
  readonly agentNames: AgentNameLookup | undefined;
  readonly slowThresholdMillis: number;
  /** This processor's own evaluators (built-ins, judge, options); those of `registerEvaluator` come on top. */
  readonly evaluators: readonly Evaluator[];
  readonly captureContent: boolean;
  readonly events: EvaluationEvents;
  readonly syncBudgetMillis: number;
  readonly timeoutMillis: number;
  readonly concurrency: number;
  readonly maxQueueSize: number;
  readonly maxRememberedSpans: number;
  readonly loggerProvider: LoggerProvider | undefined;
  readonly random: () => number;
  readonly now: () => number;
}

function targetOf(operation: unknown): EvaluationTarget | undefined {
  if (isInferenceOperation(operation)) return 'llm';
  if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) return 'agent';
  if (operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) return 'tool';
  return undefined;
}

/**
 * Scores LLM calls, agent runs and tool calls as their spans end: the evaluators planned for the span's target
 * ({@link EvaluationPlans}) run through the {@link EvaluationScheduler} (sync ones inside `onEnding`, their scores on
 * the span; async ones after it ended). Every result becomes a `gen_ai.evaluation.result` event parented to the
 * span, a score in `driftwatch.evaluation.score` and, for `fail`, a count in `driftwatch.evaluation.failures`;
 * anything that kept an evaluation from producing a score is counted in `driftwatch.evaluation.dropped` and logged
 * once. Content is what producers attached through the content contract. Spans that are not GenAI return at the
 * first attribute read.
 */
export class QualityProcessor implements SpanProcessor, ContentConsumer {
  /** Evaluation of content that arrives after its span ended (the gateway's logs). */
  readonly lateContent: LateContentEvaluation;
  private readonly options: QualityProcessorOptions;
  private readonly guard: ProcessorGuard;
  private readonly plans: EvaluationPlans;
  private readonly scheduler: EvaluationScheduler;
  private readonly memory: SpanMemory;
  private readonly feedbackSink: FeedbackSink;
  private readonly releaseChannel: () => void;
  private closed = false;

  constructor(options: QualityProcessorOptions) {
    this.options = options;
    this.guard = new ProcessorGuard({
      component: 'processor.quality',
      instruments: options.instruments,
      slowThresholdMillis: options.slowThresholdMillis,
    });
    const recorder = new EvaluationRecorder({
      instruments: options.instruments,
      loggerProvider: options.loggerProvider,
      captureContent: options.captureContent,
      events: options.events,
    });
    this.scheduler = new EvaluationScheduler({ ...options, recorder, guard: this.guard });
    this.plans = new EvaluationPlans(options.evaluators, (entry) => this.scheduler.retire(entry));
    this.lateContent = new LateContentEvaluation({
      plans: this.plans,
      scheduler: this.scheduler,
      guard: this.guard,
      agentNames: options.agentNames,
    });
    this.memory = new SpanMemory(options);
    this.feedbackSink = { recorder, spans: this.memory.recent };
    setFeedbackSink(this.feedbackSink);
    this.releaseChannel = contentChannel.addConsumer(this);
  }

  /** True while some evaluator can run: only then do producers hand content over. */
  wantsContent(): boolean {
    return !this.closed && this.plans.any();
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    if (span.attributes[ATTR_GEN_AI_OPERATION_NAME] === undefined) return;
    this.guard.run(this.evaluateSpan, this, span);
  }

  onEnd(_span: ReadableSpan): void {}

  /** Waits for every queued and running evaluation (each bounded by its timeout). */
  async forceFlush(): Promise<void> {
    await this.scheduler.whenIdle();
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    this.scheduler.close();
    this.releaseChannel();
    clearFeedbackSink(this.feedbackSink);
  }

  private evaluateSpan(span: Span): void {
    const { attributes } = span;
    const target = targetOf(attributes[ATTR_GEN_AI_OPERATION_NAME]);
    if (target === undefined) return;
    const record = contentChannel.take(span);
    const plans = this.plans.get();
    const spanContext = span.spanContext();
    const agentName =
      target === 'agent'
        ? stringAttribute(attributes, ATTR_GEN_AI_AGENT_NAME)
        : this.options.agentNames?.agentNameFor(span);
    const runCalls = this.memory.note({
      span,
      target,
      record,
      spanContext,
      agentName,
      runsEvaluated: plans.agent.length > 0,
    });
    const plan = plans[target];
    if (plan.length === 0) return;
    const input = new SpanEvaluationInput({
      target,
      attributes,
      spanContext,
      agentName,
      record,
      firstCall: runCalls?.first,
      lastCall: runCalls?.last,
    });
    this.scheduler.run(span, plan, input, {
      context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
      agentName,
      requestModel: input.requestModel,
      responseId: stringAttribute(attributes, ATTR_GEN_AI_RESPONSE_ID),
    });
  }
}
