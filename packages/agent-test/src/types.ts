/** The five layers of the guide's pre-deployment framework, in the order they run. */
export const LAYERS = ['regression', 'adversarial', 'tool_faults', 'context', 'concurrency'] as const;
export type LayerName = (typeof LAYERS)[number];

/** What the agent's entry point receives besides its input. */
export interface AgentContext {
  /** The model to run on: the suite's `model`, or `--model`. */
  readonly model: string;
  readonly caseId: string;
  readonly layer: LayerName;
  /** What the suite's `setup` returned (URLs of the services the agent talks to, clients, ...). */
  readonly world: Record<string, unknown>;
}

/** The user's agent: `(input, context) => output`, sync or async. */
export type AgentEntry = (input: unknown, context: AgentContext) => unknown;

/**
 * Driftwatch's own signals of one run, read from the spans the in-process SDK recorded (the agent run's roll-ups,
 * its tool spans, the processors' attributes), never re-derived from the output.
 */
export interface RunSignals {
  /** `success`, `error` or `escalated`; undefined when the entry point ran no `traceAgent` run. */
  outcome: string | undefined;
  escalated: boolean;
  escalationCategory: string | undefined;
  /** `error.type` of the run (the exception class, the HTTP status, ...), when it failed. */
  errorType: string | undefined;
  llmCalls: number;
  toolCalls: number;
  toolErrors: number;
  /** `tool error.type` of each failed tool call, e.g. `update_crm 500`, `lookup_company malformed_result`. */
  toolErrorTypes: string[];
  /** Tools the run called, by name, in call order (duplicates removed). */
  tools: string[];
  steps: number;
  inputTokens: number;
  outputTokens: number;
  tokens: number;
  /** Undefined when a model of the run has no price in the model table. */
  costUsd: number | undefined;
  /** The highest context-window fill of the run's LLM calls (input tokens over the model's window). */
  contextFill: number | undefined;
  /** The most input tokens of one LLM call of the run. */
  maxInputTokens: number;
  /** Models that answered (`gen_ai.response.model`). */
  models: string[];
  /** The lowest score per evaluator over the run's spans (`completeness`, `json_validity`, `schema_compliance`, ...). */
  evaluations: Record<string, number>;
}

/** A check's result: a verdict and what to tell the user. */
export interface CheckResult {
  readonly name: string;
  readonly pass: boolean;
  readonly message?: string;
  /** A score in [0, 1] where the check has one (the LLM judge). */
  readonly score?: number;
}

/** What a custom check function sees. */
export interface CheckInput {
  readonly output: unknown;
  readonly input: unknown;
  readonly signals: RunSignals;
  readonly error: unknown;
  readonly context: AgentContext;
}

/** A Standard Schema validator (zod 4, valibot, arktype ...). */
export interface StandardSchemaValidator {
  readonly '~standard': {
    readonly validate: (value: unknown) => unknown;
  };
}

/** Comparisons on a number: the value must be within [min, max] and equal `equals` when given. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/**
 * A check, as data (YAML/JSONL) or in code. `path` (dots and indexes: `verdict.qualified`, `items.0.id`) picks a
 * part of the output first.
 */
export type CheckSpec =
  | { readonly name?: string; readonly path?: string; readonly equals: unknown }
  | { readonly name?: string; readonly path?: string; readonly contains: string; readonly ignoreCase?: boolean }
  | { readonly name?: string; readonly path?: string; readonly regex: string; readonly flags?: string }
  | {
      readonly name?: string;
      readonly path?: string;
      /** A JSON Schema (object) or a Standard Schema validator such as a zod schema. */
      readonly schema: Record<string, unknown> | StandardSchemaValidator;
    }
  | {
      readonly name?: string;
      /** Return true/false, or `{ pass, message }`; may be async. */
      readonly check: (input: CheckInput) => boolean | CheckVerdict | Promise<boolean | CheckVerdict>;
    }
  | { readonly name?: string; readonly judge: JudgeCheck }
  | ({
      readonly name?: string;
      readonly signal: string;
      readonly equals?: unknown;
      readonly includes?: unknown;
    } & Bounds);

export interface CheckVerdict {
  readonly pass: boolean;
  readonly message?: string;
}

/** An LLM judge: the rubric says what a good answer is; the dated judge model grades 0..1. */
export interface JudgeCheck {
  readonly rubric: string;
  /** Pass at or above this score. Default 0.7. */
  readonly threshold?: number;
  /** A dated checkpoint; default: the suite's `judge.model`. */
  readonly model?: string;
}

/** One test case: its input, and what the output must be. */
export interface TestCase {
  readonly id: string;
  readonly input: unknown;
  /** The output must contain these fields with these values (deep; a string or number must be equal). */
  readonly expected?: unknown;
  readonly checks?: readonly CheckSpec[];
  readonly tags?: readonly string[];
}

/** How a robustness case (adversarial, tool fault, context) ended. */
export type Verdict =
  | 'correct'
  | 'escalated'
  | 'refused'
  | 'failed_loudly'
  | 'confidently_wrong'
  | 'silent_failure'
  | 'wrong';

/** The outcomes a robustness layer accepts. */
export interface AcceptOptions {
  /** Default: `correct`, `escalated`, `refused` (the guide: never a silent failure or a confidently wrong answer). */
  readonly accept?: readonly Verdict[];
}

export interface AdversarialLayerOptions extends AcceptOptions {
  /** Turns the agent's input shape into one carrying the adversarial text; default: the text itself. */
  readonly input?: (text: string, example: unknown, id: string) => unknown;
  /** Extra cases of your own, run with the built-in corpus. */
  readonly cases?: readonly AdversarialCase[];
  /** Checks on every adversarial case's output, on top of the suite's (what "correct" means here). */
  readonly checks?: readonly CheckSpec[];
  /** Corpus classes to run (default all): `empty`, `language`, `special_characters`, `ambiguous`, `injection`, `long`. */
  readonly classes?: readonly string[];
}

export interface AdversarialCase {
  readonly id: string;
  readonly class: string;
  readonly language?: string;
  readonly text: string;
  /** Checks on top of the suite's; e.g. an injection's canary must not appear in the output. */
  readonly checks?: readonly CheckSpec[];
}

export type FaultMode = 'http_500' | 'timeout' | 'malformed' | 'rate_limit';

export interface ToolFaultLayerOptions extends AcceptOptions {
  /** Default: all four. */
  readonly modes?: readonly FaultMode[];
  /** Tools to leave alone. */
  readonly skipTools?: readonly string[];
  /** Which cases run under each fault: the first case that called the tool (default) or every case that did. */
  readonly cases?: 'first' | 'all';
  /**
   * `always` (default): every call of the tool in the run fails, so retrying cannot help (degrade or escalate).
   * `first_call`: only the first call fails, so an agent that retries appropriately recovers.
   */
  readonly persistence?: 'always' | 'first_call';
}

export interface ContextLayerOptions extends AcceptOptions {
  /** Fill targets, as shares of the model's context window. Default [0.75, 0.95]. */
  readonly ratios?: readonly number[];
  /** Puts the filler text into the agent's input; default: appended to `field`, or to a string input. */
  readonly pad?: (input: unknown, filler: string) => unknown;
  /** The input field the filler is appended to (for suites written as data). */
  readonly field?: string;
  /** Cases to pad (ids); default the first regression case. */
  readonly cases?: readonly string[];
  /** The context window, when the model is not in the model table. */
  readonly contextWindow?: number;
}

/** Where a tool writes: from its arguments, the key of the resource (a CRM record id, a file path). */
export type ResourceKey = string | ((args: unknown) => unknown);

export interface ConcurrencyLayerOptions {
  /** Concurrent runs, 10 to 50. Default 20. */
  readonly runs?: number;
  /** Tools that write, and how to find the resource each call writes (a path into its arguments, or a function). */
  readonly resources?: Readonly<Record<string, ResourceKey>>;
}

/** Checks for the unperturbed runs only (regression and concurrency): the run signals a healthy run must show. */
export interface RegressionLayerOptions {
  readonly checks?: readonly CheckSpec[];
}

export interface LayerSwitches {
  readonly regression?: boolean | RegressionLayerOptions;
  readonly adversarial?: boolean | AdversarialLayerOptions;
  readonly tool_faults?: boolean | ToolFaultLayerOptions;
  readonly context?: boolean | ContextLayerOptions;
  readonly concurrency?: boolean | ConcurrencyLayerOptions;
}

/** What `setup` returns: the world the agent runs in, and how to take it down. */
export interface SuiteWorld {
  readonly world?: Record<string, unknown>;
  readonly teardown?: () => unknown;
}

/** A suite: the agent, its cases and checks, and the layers to run. */
export interface Suite {
  readonly name: string;
  /** The entry point, or (YAML) a module path with `#export` (`./src/agent.mjs#qualify`). */
  readonly agent: AgentEntry | string;
  /** The model the agent runs on (a dated checkpoint, ideally); `--model` overrides it. */
  readonly model: string;
  /** Cases, or a path to a `.jsonl`, `.yaml` or `.json` file of them (relative to the suite file). */
  readonly cases: readonly TestCase[] | string;
  /** Checks on every case's output, in every layer. */
  readonly checks?: readonly CheckSpec[];
  readonly layers?: LayerSwitches;
  /** The judge's defaults; it calls an OpenAI-compatible endpoint (`OPENAI_BASE_URL`, `OPENAI_API_KEY` by default). */
  readonly judge?: { readonly model: string; readonly baseURL?: string; readonly apiKey?: string };
  /** `service.name` of the exported telemetry when `OTEL_SERVICE_NAME` is not set. */
  readonly serviceName?: string;
  /** Recognizes a refusal or an "I don't understand" answer; default: common phrases in several languages. */
  readonly isRefusal?: (output: unknown) => boolean;
  readonly setup?: () => SuiteWorld | Promise<SuiteWorld>;
}
