import { type Context, SpanKind, trace } from '@opentelemetry/api';
import { withRun, withTool } from '../../agent/run-context';
import { type AgentDefinition, type AgentRun, startRun } from '../../agent/trace-agent';
import { startTool, type ToolCall, type ToolDefinition } from '../../agent/trace-tool';
import { reportInternalError } from '../../internal/guard';

/** A run a framework bridge started, and the context its model and tool calls run in. */
export interface FrameworkRun {
  readonly run: AgentRun;
  readonly context: Context;
}

/** A tool call a framework bridge started, and the context the tool's own work runs in. */
export interface FrameworkToolCall {
  readonly call: ToolCall;
  readonly context: Context;
}

/**
 * Starts an agent run through the same code path as `traceAgent` (outcome, repeats, step budget, metrics), under
 * `parent`; the bridge ends it with `run.end()`.
 */
export function startFrameworkRun(definition: AgentDefinition, parent: Context): FrameworkRun {
  const run = startRun(definition, parent);
  return { run, context: withRun(trace.setSpan(parent, run.span), run) };
}

/**
 * Starts a tool call through the same code path as `traceTool` (classification, HTTP statuses, metrics), under
 * `parent`; the bridge ends it with `call.succeed()` or `call.fail()`.
 */
export function startFrameworkTool(
  definition: ToolDefinition,
  parent: Context,
  kind: SpanKind = SpanKind.INTERNAL,
): FrameworkToolCall {
  const call = startTool(definition, parent, kind);
  return { call, context: withTool(trace.setSpan(parent, call.span), call) };
}

/**
 * A failure known only by its `error.type` (a framework reported that a tool failed, not with what): a plain
 * object, so it classifies as its name and no exception event is recorded for it.
 */
export function failureOfType(errorType: string): unknown {
  const failure = Object.create(null) as { name: string };
  failure.name = errorType;
  return failure;
}

/** Runs a bridge's bookkeeping (ending a span, recording a result) so that a failure never reaches the app. */
export function guarded(component: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    reportInternalError(component, error);
  }
}
