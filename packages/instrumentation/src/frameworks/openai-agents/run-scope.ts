import { type Context, createContextKey } from '@opentelemetry/api';
import type { AgentRun } from '../../agent/trace-agent';

const SCOPE_KEY = createContextKey('driftwatch.openai_agents.run_scope');
/** Spans of the SDK's current-span chain looked at before giving up (the chain is a few levels deep). */
const MAX_CHAIN_DEPTH = 64;

/** An `@openai/agents` tracing span as the bridge reads it: its data object and the span it was started under. */
export interface SdkSpan {
  readonly spanData?: unknown;
  readonly previousSpan?: SdkSpan | null;
}

/** What one SDK span stands for in OpenTelemetry: the context of its `invoke_agent` or `execute_tool` span. */
interface MappedSpan {
  readonly scope: RunScope;
  readonly context: Context;
}

/**
 * Keyed by the span's data object: the SDK clones its span objects when it forks its context (each clone keeps
 * the same data object), and it creates spans even with tracing disabled (no-op spans, with their data).
 */
const mappedSpans = new WeakMap<object, MappedSpan>();

export function mapSdkSpan(spanData: object, scope: RunScope, spanContext: Context): void {
  mappedSpans.set(spanData, { scope, context: spanContext.setValue(SCOPE_KEY, scope) });
}

/** One `Runner.run` call: its root `invoke_agent` run and the runs it handed off to. */
export class RunScope {
  readonly root: AgentRun;
  readonly rootContext: Context;
  /** The agent that handed the run off, for the next agent span. */
  handoffFrom: string | undefined;
  /** Whether the first agent span of the run was mapped to the root run. */
  rootClaimed = false;
  /** Runs of handed-off agents still open. */
  readonly openRuns = new Set<AgentRun>();
  /** Runs of handed-off agents that the SDK ended in error, waiting for the run's own error to end with. */
  readonly failedRuns = new Set<AgentRun>();
  private readonly currentSdkSpan: () => SdkSpan | null | undefined;

  constructor(options: { root: AgentRun; rootContext: Context; currentSdkSpan: () => SdkSpan | null | undefined }) {
    this.root = options.root;
    this.rootContext = options.rootContext.setValue(SCOPE_KEY, this);
    this.currentSdkSpan = options.currentSdkSpan;
  }

  /**
   * The context of the innermost SDK span of this run that the bridge mapped (the SDK keeps its current span per
   * async execution, so each concurrent tool resolves to its own), else the root's.
   */
  resolve(): Context {
    let span: SdkSpan | null | undefined;
    try {
      span = this.currentSdkSpan();
    } catch {
      return this.rootContext;
    }
    for (let depth = 0; span && depth < MAX_CHAIN_DEPTH; depth++, span = span.previousSpan) {
      const data = span.spanData;
      if (typeof data !== 'object' || data === null) continue;
      const mapped = mappedSpans.get(data);
      if (mapped !== undefined) return mapped.scope === this ? mapped.context : this.rootContext;
    }
    return this.rootContext;
  }
}

/**
 * The OpenTelemetry context a `Runner.run` call runs in. The SDK runs its own async context (its current span per
 * execution), which OpenTelemetry cannot see: every lookup in this context resolves through the SDK's current
 * span, so a model call made in an agent's turn is a child of that agent's span, and code inside a tool (its
 * HTTP requests, LLM calls, nested runs) is a child of that tool's span, however the SDK schedules them.
 */
export class RunScopeContext implements Context {
  readonly scope: RunScope;

  constructor(scope: RunScope) {
    this.scope = scope;
  }

  getValue(key: symbol): unknown {
    return key === SCOPE_KEY ? this.scope : this.scope.resolve().getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.scope.resolve().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.scope.resolve().deleteValue(key);
  }
}

/** The `Runner.run` call a context belongs to, if any. */
export function scopeOf(ctx: Context): RunScope | undefined {
  const scope = ctx.getValue(SCOPE_KEY);
  return scope instanceof RunScope ? scope : undefined;
}
