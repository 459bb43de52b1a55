import type { Attributes, LoggerProvider, SpanContext } from '@opentelemetry/api';
import type { RequestedFormat, SpanContent, ToolCallContent } from '../content-contract';

/** What an evaluator scores: one LLM call, one agent run (`invoke_agent`) or one tool call (`execute_tool`). */
export type EvaluationTarget = 'llm' | 'agent' | 'tool';

/** One score. `label` defaults to `pass` when `score >= 0.5`, else `fail` (`fail` is counted as a failure). */
export interface EvaluationResult {
  /** 0..1, higher is better. */
  score: number;
  /** `pass`, `fail` or your own low-cardinality word. */
  label?: string;
  /** Why, in words. Exported only with content capture on; never put secrets or personal data in it. */
  explanation?: string;
}

/** A message of the evaluated input, as plain text. `role` is `system`, `user`, `assistant` or `tool`. */
export interface ContentMessage {
  readonly role: string;
  readonly text: string;
}

/** A tool call the model asked for: `arguments` parsed when they were JSON (else the string as sent). */
export interface ModelToolCall {
  readonly name: string;
  readonly arguments: unknown;
}

/**
 * What an evaluator sees. Content comes through the content contract ({@link attachContent}), in-memory and never
 * exported, so it is here even with content capture off; it is read on first use. A span nobody attached content
 * to has attributes only (`hasContent` false).
 */
export interface EvaluationInput {
  readonly target: EvaluationTarget;
  /** The evaluated span's attributes, as they were when it ended (read-only). */
  readonly attributes: Attributes;
  readonly spanContext: SpanContext;
  /** `gen_ai.agent.name` of the run (the enclosing run for calls and tools). */
  readonly agentName: string | undefined;
  readonly provider: string | undefined;
  readonly requestModel: string | undefined;
  readonly responseModel: string | undefined;
  /** The call or tool failed (`error.type` is set): there is no output to judge. */
  readonly failed: boolean;
  /** Raw finish reasons from the span (`stop`, `length`, `max_tokens`, `tool_calls`…). */
  readonly finishReasons: readonly string[];
  /** True when the instrumentation handed over the call's (or run's, or tool's) content. */
  readonly hasContent: boolean;
  /** What was handed over for this span, in the content contract's form (`{}` when nothing was). */
  content(): SpanContent;
  /** Every input message (system instructions first), as text. Runs: the first call's input. */
  inputMessages(): readonly ContentMessage[];
  /** The messages after the last assistant turn: what this call adds (the user's turn, tool results). */
  newInputMessages(): readonly ContentMessage[];
  /** The output text (every choice, joined by a newline). Runs: the last call's output. */
  outputText(): string;
  /** The text of each choice (chat `n > 1`) or output message. */
  outputTexts(): readonly string[];
  /** The provider's explicit refusal (OpenAI `refusal`), when there is one. */
  refusal(): string | undefined;
  toolCalls(): readonly ModelToolCall[];
  requestedFormat(): RequestedFormat;
  /** On `execute_tool` spans recorded by `traceTool`: its arguments and result. */
  toolCall(): ToolCallContent | undefined;
}

/** What {@link Evaluator.evaluate} gets besides the input. */
export interface EvaluateOptions {
  /** Aborted when an asynchronous evaluation timed out or the processors shut down. */
  readonly signal: AbortSignal;
}

/** An evaluation's answer: a score, or nothing when the evaluator does not apply to this span. */
export type EvaluationOutcome = EvaluationResult | undefined | null;

/**
 * A quality check on LLM calls, agent runs or tool calls. `sync` evaluators run inside `span.end()` within a small
 * time budget, so their scores also land on the span (`driftwatch.evaluation.<name>.score`); they must be cheap.
 * `async` ones (the default) run after the span ended, in a bounded queue of their own with a concurrency limit and
 * a timeout, optionally sampled. Either way, every failure is contained: counted in `driftwatch.evaluation.dropped`,
 * logged once through `diag`, never seen by the app.
 */
export interface Evaluator {
  /** `gen_ai.evaluation.name`: lowercase letters, digits, `_`, `.` and `-`, at most 64 characters. */
  readonly name: string;
  /** What it scores. Default: `['llm']`. */
  readonly targets?: readonly EvaluationTarget[];
  /** Only spans of these agents (`gen_ai.agent.name`; for calls and tools, the enclosing run's). */
  readonly agents?: readonly string[];
  /** Only calls to these models (the requested or the response model); runs and tools are not filtered by model. */
  readonly models?: readonly string[];
  /** Default: `async`. */
  readonly mode?: 'sync' | 'async';
  /** Async only: the fraction of matching spans evaluated, 0..1. Default: 1. */
  readonly sampleRate?: number;
  /** Async only: the most evaluations started per minute; more are dropped (`budget`). Default: unlimited. */
  readonly budgetPerMinute?: number;
  /** Async only: longest evaluation before it is abandoned (`timeout`). Default: the processors' option (5000). */
  readonly timeoutMillis?: number;
  /** Async only: evaluations run at once. Default: the processors' option (4). */
  readonly concurrency?: number;
  /** Async only: evaluations waiting beyond which new ones are dropped (`queue_full`). Default: the option (100). */
  readonly maxQueueSize?: number;
  /**
   * Async only: a cheap check, run inside `span.end()` before sampling and queueing, so that spans the
   * evaluator would skip use no sample, no budget and no queue slot.
   */
  applies?(input: EvaluationInput): boolean;
  evaluate(input: EvaluationInput, options: EvaluateOptions): EvaluationOutcome | Promise<EvaluationOutcome>;
}

/** The evaluators that ship with Driftwatch: cheap, synchronous, on by default. */
export type BuiltinEvaluatorName =
  | 'completeness'
  | 'json_validity'
  | 'refusal'
  | 'pii_leakage'
  | 'secret_leakage'
  | 'prompt_injection'
  | 'schema_compliance';

/** Which `gen_ai.evaluation.result` events to emit: every result, only `fail` results, or none (metrics only). */
export type EvaluationEvents = 'all' | 'failures' | 'none';

/**
 * A client the judge can call: an `openai` SDK client (`new OpenAI(...)`, 6.x or 7.x), or anything with the same
 * method. The judge sends a Chat Completions body with `response_format` `json_schema`, and the request options
 * `signal`, `timeout` and `maxRetries`. (The parameters are typed `never` so that the SDK's overloads fit.)
 */
export interface JudgeClient {
  readonly chat: {
    readonly completions: {
      create(body: never, options?: never): PromiseLike<unknown>;
    };
  };
}

/** Options of {@link llmJudge}. */
export interface LlmJudgeOptions {
  /** `gen_ai.evaluation.name`. Env: `DRIFTWATCH_JUDGE_NAME`. Default: `llm_judge`. */
  name?: string;
  /** A dated checkpoint (`gpt-4o-mini-2024-07-18`); a floating alias is refused. Env: `DRIFTWATCH_JUDGE_MODEL`. */
  model: string;
  /** What a good answer is, in words. Env: `DRIFTWATCH_JUDGE_RUBRIC`, or a file: `DRIFTWATCH_JUDGE_RUBRIC_FILE`. */
  rubric: string;
  /**
   * The client to call. Default: `fetch` to `{base URL}/chat/completions`, from `DRIFTWATCH_JUDGE_BASE_URL` /
   * `DRIFTWATCH_JUDGE_API_KEY`, else `OPENAI_BASE_URL` / `OPENAI_API_KEY`.
   */
  client?: JudgeClient;
  /** Fraction of matching spans judged. Env: `DRIFTWATCH_JUDGE_SAMPLE_RATE`. Default: 0.05. */
  sampleRate?: number;
  /** Most judge calls started per minute. Env: `DRIFTWATCH_JUDGE_BUDGET_PER_MINUTE`. Default: 10. */
  budgetPerMinute?: number;
  /** Env: `DRIFTWATCH_JUDGE_TIMEOUT_MS`. Default: 20000. */
  timeoutMillis?: number;
  /** Judge calls at once. Default: 2. */
  concurrency?: number;
  /** Judge calls waiting. Default: 32. */
  maxQueueSize?: number;
  /** What it judges: LLM calls, agent runs or both. Env: `DRIFTWATCH_JUDGE_TARGETS`. Default: `['llm']`. */
  targets?: readonly ('llm' | 'agent')[];
  agents?: readonly string[];
  models?: readonly string[];
  /** Longest input and output text sent to the judge, in characters each (head and tail kept). Default: 8000. */
  maxContentLength?: number;
}

/** Options of the quality processor: `evaluation` in {@link DriftwatchProcessorsOptions}. */
export interface EvaluationOptions {
  /**
   * Built-in evaluators to run. Env: `DRIFTWATCH_EVALUATORS` (comma-separated names, `all` or `none`) and one
   * variable each (`DRIFTWATCH_EVALUATOR_PII_LEAKAGE=false`), which win over the list. Default: all of them.
   */
  builtins?: readonly BuiltinEvaluatorName[];
  /** Your evaluators, besides those given to `registerEvaluator()`. */
  evaluators?: readonly Evaluator[];
  /** The LLM-as-judge, or `false`. Default: from `DRIFTWATCH_JUDGE_*`, off unless a model and a rubric are set. */
  judge?: LlmJudgeOptions | false;
  /**
   * Put explanations (and feedback comments) on the events. Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`.
   * Default: false: names, scores and labels only.
   */
  captureContent?: boolean;
  /** Env: `DRIFTWATCH_EVALUATION_EVENTS`. Default: `all`. */
  events?: EvaluationEvents;
  /** Time the sync evaluators may take on one span; the rest run after it ended. Default: 10. */
  syncBudgetMillis?: number;
  /** Defaults of async evaluators. */
  timeoutMillis?: number;
  concurrency?: number;
  maxQueueSize?: number;
  /** Most recent response ids and trace ids remembered, so feedback finds the span it is about. Default: 10000. */
  maxRememberedSpans?: number;
  /** The LoggerProvider of the events. Default: the global one, resolved at each use. */
  loggerProvider?: LoggerProvider;
  /** Source of the sampling draws (tests make sampling exact with it). Default: `Math.random`. */
  random?: () => number;
  /** Clock of the per-minute budgets, in milliseconds. Default: `Date.now`. */
  now?: () => number;
}

/** A score from a person or a downstream system (thumbs-down, weekly review), for {@link recordFeedback}. */
export interface Feedback {
  /** `gen_ai.evaluation.name`, e.g. `user_feedback` or `weekly_review`. */
  name: string;
  /** 0..1. */
  score: number;
  label?: string;
  /** Exported only with content capture on. */
  comment?: string;
  /** The trace the feedback is about (32 hex digits): parented to its agent run, or its first LLM call. */
  traceId?: string;
  /** With `traceId`: the span the feedback is about, when the trace is no longer remembered in-process. */
  spanId?: string;
  /** The provider's response id (`chatcmpl-…`, `resp_…`, `msg_…`): parented to that call. */
  responseId?: string;
  /** Metric labels when the span is not remembered. */
  agentName?: string;
  model?: string;
}

/** A schema in the Standard Schema v1 interface: zod 4, valibot, arktype, effect schema… */
export interface StandardSchema {
  readonly '~standard': {
    readonly version: 1;
    readonly validate: (value: unknown) => StandardSchemaResult | Promise<StandardSchemaResult>;
  };
}

/** What a Standard Schema's `validate` returns. */
export type StandardSchemaResult =
  | { readonly value: unknown; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
      }>;
    };

/** Options of {@link schemaCompliance}: schemas for JSON outputs, tool-call arguments and tool results. */
export interface SchemaComplianceOptions {
  /** `gen_ai.evaluation.name`. Default: `schema_compliance`. */
  name?: string;
  /** The JSON the model must answer with (the output text is parsed first). Scored on LLM calls. */
  output?: StandardSchema;
  /** By tool name: the arguments the model must call it with. Scored on the LLM calls that ask for the tool. */
  toolArguments?: Readonly<Record<string, StandardSchema>>;
  /** By tool name: what the tool must return. Scored on its `execute_tool` spans (from `traceTool`). */
  toolResults?: Readonly<Record<string, StandardSchema>>;
  agents?: readonly string[];
  models?: readonly string[];
}
