import { attachContent } from '@driftwatch/processors';
import {
  ATTR_DRIFTWATCH_AGENT_ESCALATED,
  ATTR_DRIFTWATCH_AGENT_MAX_STEPS,
  ATTR_DRIFTWATCH_AGENT_OUTCOME,
  ATTR_DRIFTWATCH_AGENT_REPEAT,
  ATTR_DRIFTWATCH_AGENT_TASK_HASH,
  ATTR_DRIFTWATCH_ESCALATION_CATEGORY,
  ATTR_DRIFTWATCH_ESCALATION_REASON,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  DRIFTWATCH_AGENT_OUTCOME_VALUE_ERROR,
  DRIFTWATCH_AGENT_OUTCOME_VALUE_ESCALATED,
  DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS,
  DRIFTWATCH_ESCALATION_CATEGORY_VALUE_MAX_STEPS,
  DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED,
  EVENT_DRIFTWATCH_ESCALATION,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@driftwatch/semconv';
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { recordRedactedException, redactSecrets } from '../content/redact-secrets';
import { errorTypeOf } from '../genai/error-type';
import { reportInternalError, warnOnce } from '../internal/guard';
import { agentInstruments, agentTracer, agentTracingOptions, onAgentTracingOptions } from './agent-telemetry';
import { runObserved } from './observe-result';
import { RepeatTracker, type TaskKey, taskHash } from './repeat-tracker';
import { type RunStepSink, runOf, withRun } from './run-context';

/** An agent run: what `traceAgent` records on its `invoke_agent` span. */
export interface AgentDefinition<Task extends TaskKey = TaskKey> {
  /** The agent's name: a span name part and a metric label, so the app's own bounded name (never an id). */
  name: string;
  /** An id of this agent (deployment, configuration); on the span only. */
  id?: string;
  description?: string;
  version?: string;
  /** `gen_ai.provider.name` when the agent runs on one provider (the conventions ask for it when known). */
  provider?: string;
  /** The conversation or session the run belongs to (`gen_ai.conversation.id`). */
  conversationId?: string;
  /**
   * What the run is about (a lead's email, a ticket id and request…), for repeat detection: a run whose task was
   * already completed successfully within the repeat window is a repeat. Only a hash leaves the process.
   */
  task?: Task;
  /** Derives the task key from `task` (default: `task` itself, normalized). */
  taskKey?: (task: Task) => TaskKey;
  /**
   * Steps (LLM calls plus tool calls, nested runs included) after which the run counts as escalated with
   * category `max_steps`. It never stops the app's code.
   */
  maxSteps?: number;
}

const MAX_REASON_LENGTH = 512;

const repeats = new RepeatTracker(agentTracingOptions().repeatWindowMillis, agentTracingOptions().maxTrackedTasks);
onAgentTracingOptions((options) => repeats.configure(options.repeatWindowMillis, options.maxTrackedTasks));

export interface EscalationOptions {
  /** Why, in the app's words (bounded, secrets redacted); on the span, never a metric label. */
  reason?: string;
  /** The app's bounded vocabulary (`low_confidence`, `policy`, `customer_request`…); a metric label. */
  category?: string;
}

/** One `invoke_agent` run in progress. */
export class AgentRun implements RunStepSink {
  readonly span: Span;
  readonly name: string;
  readonly parent: AgentRun | undefined;
  private readonly startedAt = performance.now();
  private readonly maxSteps: number | undefined;
  private readonly taskHash: string | undefined;
  private steps = 0;
  private escalated = false;
  private ended = false;
  /** What the run is about, for run evaluators (in-process only; never exported). */
  task: unknown;

  constructor(span: Span, name: string, parent: AgentRun | undefined, maxSteps: number | undefined, hash?: string) {
    this.span = span;
    this.name = name;
    this.parent = parent;
    this.maxSteps = maxSteps;
    this.taskHash = hash;
  }

  noteStep(_kind: 'llm' | 'tool'): void {
    for (let run: AgentRun | undefined = this; run !== undefined; run = run.parent) run.countStep();
  }

  private countStep(): void {
    if (this.ended) return;
    this.steps += 1;
    if (this.maxSteps !== undefined && this.steps === this.maxSteps + 1) {
      this.escalate({
        category: DRIFTWATCH_ESCALATION_CATEGORY_VALUE_MAX_STEPS,
        reason: `more than ${this.maxSteps} steps`,
      });
    }
  }

  escalate(options: EscalationOptions): void {
    if (this.ended) return;
    const category = options.category?.trim() || DRIFTWATCH_ESCALATION_CATEGORY_VALUE_UNSPECIFIED;
    const attributes: Attributes = { [ATTR_DRIFTWATCH_ESCALATION_CATEGORY]: category };
    if (typeof options.reason === 'string' && options.reason !== '') {
      attributes[ATTR_DRIFTWATCH_ESCALATION_REASON] = redactSecrets(options.reason.slice(0, MAX_REASON_LENGTH));
    }
    this.span.addEvent(EVENT_DRIFTWATCH_ESCALATION, attributes);
    if (this.escalated) return;
    this.escalated = true;
    this.span.setAttributes({ [ATTR_DRIFTWATCH_AGENT_ESCALATED]: true, ...attributes });
    agentInstruments().escalations.add(1, {
      [ATTR_GEN_AI_AGENT_NAME]: this.name,
      [ATTR_DRIFTWATCH_ESCALATION_CATEGORY]: category,
    });
  }

  /** Ends the run; `output` (what the run returned) reaches run evaluators in-process, never the exporter. */
  end(error: { error: unknown } | undefined, output?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    try {
      attachContent(this.span, { run: { input: this.task, output } });
    } catch (internal) {
      reportInternalError('agent.content', internal);
    }
    const outcome =
      error !== undefined
        ? DRIFTWATCH_AGENT_OUTCOME_VALUE_ERROR
        : this.escalated
          ? DRIFTWATCH_AGENT_OUTCOME_VALUE_ESCALATED
          : DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS;
    const metricAttributes: Attributes = {
      [ATTR_GEN_AI_AGENT_NAME]: this.name,
      [ATTR_DRIFTWATCH_AGENT_OUTCOME]: outcome,
    };
    const { span } = this;
    span.setAttribute(ATTR_DRIFTWATCH_AGENT_OUTCOME, outcome);
    if (error !== undefined) {
      const errorType = errorTypeOf(error.error);
      span.setAttribute(ATTR_ERROR_TYPE, errorType);
      metricAttributes[ATTR_ERROR_TYPE] = errorType;
      recordRedactedException(span, error.error, errorType);
    } else if (outcome === DRIFTWATCH_AGENT_OUTCOME_VALUE_SUCCESS && this.taskHash !== undefined) {
      repeats.complete(this.taskHash, agentTracingOptions().now());
    }
    span.end();
    const instruments = agentInstruments();
    instruments.executions.add(1, metricAttributes);
    instruments.duration.record((performance.now() - this.startedAt) / 1000, metricAttributes);
  }
}

/** The innermost run traced by `traceAgent` in the active context. */
export function innermostRun(): AgentRun | undefined {
  const run = runOf(context.active());
  return run instanceof AgentRun ? run : undefined;
}

/**
 * Starts an `invoke_agent` run under `parentContext` (the active context by default): the entry point of `traceAgent`
 * and of the framework bridges, which end the run themselves with {@link AgentRun.end}.
 */
export function startRun<Task extends TaskKey>(
  definition: AgentDefinition<Task>,
  parentContext: Context = context.active(),
): AgentRun {
  const name = String(definition.name);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: name,
  };
  if (definition.id !== undefined) attributes[ATTR_GEN_AI_AGENT_ID] = definition.id;
  if (definition.description !== undefined) attributes[ATTR_GEN_AI_AGENT_DESCRIPTION] = definition.description;
  if (definition.version !== undefined) attributes[ATTR_GEN_AI_AGENT_VERSION] = definition.version;
  if (definition.provider !== undefined) attributes[ATTR_GEN_AI_PROVIDER_NAME] = definition.provider;
  if (definition.conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = definition.conversationId;
  const maxSteps =
    typeof definition.maxSteps === 'number' && definition.maxSteps >= 0 ? Math.floor(definition.maxSteps) : undefined;
  if (maxSteps !== undefined) attributes[ATTR_DRIFTWATCH_AGENT_MAX_STEPS] = maxSteps;

  let hash: string | undefined;
  let repeat = false;
  if (definition.task !== undefined) {
    try {
      const key = definition.taskKey ? definition.taskKey(definition.task) : definition.task;
      hash = taskHash(name, key);
      repeat = repeats.isRepeat(hash, agentTracingOptions().now());
      attributes[ATTR_DRIFTWATCH_AGENT_TASK_HASH] = hash;
      attributes[ATTR_DRIFTWATCH_AGENT_REPEAT] = repeat;
    } catch (error) {
      reportInternalError('agent.task_key', error);
    }
  }
  const span = agentTracer().startSpan(
    `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT} ${name}`,
    { kind: SpanKind.INTERNAL, attributes },
    parentContext,
  );
  const parentRun = runOf(parentContext);
  const run = new AgentRun(span, name, parentRun instanceof AgentRun ? parentRun : undefined, maxSteps, hash);
  run.task = definition.task;
  if (repeat) agentInstruments().repeats.add(1, { [ATTR_GEN_AI_AGENT_NAME]: name });
  return run;
}

/**
 * Runs `fn` as an agent run: an `invoke_agent {name}` span (INTERNAL) that is the parent of every LLM call, tool
 * call and nested run inside it, across `await`, timers and concurrent runs. Works for sync functions, async
 * functions and async generators (an agent that streams its answer; the run ends when the stream does). The
 * run ends `success`, `error` (the function threw or rejected: rethrown unchanged) or `escalated` (see
 * {@link escalate}), counted in `driftwatch.agent.executions`. The caller gets exactly what `fn` returns.
 */
export function traceAgent<Result, Task extends TaskKey = TaskKey>(
  definition: AgentDefinition<Task>,
  fn: (span: Span) => Result,
): Result {
  let run: AgentRun;
  try {
    run = startRun(definition);
  } catch (error) {
    reportInternalError('agent.start', error);
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  }
  const ctx = withRun(trace.setSpan(context.active(), run.span), run);
  return runObserved(ctx, () => fn(run.span), {
    succeed: (value) => {
      run.end(undefined, value);
      return undefined;
    },
    fail: (error) => run.end({ error }),
  });
}

/**
 * Marks the current agent run as escalated to a human: `driftwatch.agent.escalated=true` with the category and
 * reason on its span, counted once per run in `driftwatch.agent.escalations` by agent and category, and the run
 * ends `escalated` unless it fails. Outside a run it does nothing (and says so once through `diag`).
 */
export function escalate(options: EscalationOptions = {}): void {
  try {
    const run = innermostRun();
    if (run === undefined) {
      warnOnce('agent.escalate.outside', 'escalate() was called outside traceAgent(); nothing was recorded');
      return;
    }
    run.escalate(options);
  } catch (error) {
    reportInternalError('agent.escalate', error);
  }
}
