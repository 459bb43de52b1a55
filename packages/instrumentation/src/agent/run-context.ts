import { type Context, createContextKey } from '@opentelemetry/api';
import type { HttpAnswer } from './http-status-channel';

/** What the LLM patches and tools need from the agent run they happen in. */
export interface RunStepSink {
  /** Counts one step (an LLM call or a tool call) of the run and of the runs it is nested in. */
  noteStep(kind: 'llm' | 'tool'): void;
}

/** What an HTTP request made inside a tool (or a framework's model call) reports back to it. */
export interface HttpStatusSink {
  noteHttpStatus(answer: HttpAnswer): void;
  /** Where the request went (undici's `origin`), for sinks that record it. */
  noteOrigin?(origin: unknown): void;
}

const RUN_KEY = createContextKey('driftwatch.agent.run');
const TOOL_KEY = createContextKey('driftwatch.agent.tool');

/** The context with `run` as the innermost agent run. */
export function withRun(parent: Context, run: RunStepSink): Context {
  return parent.setValue(RUN_KEY, run);
}

/** The innermost agent run of `ctx`, if any. */
export function runOf(ctx: Context): RunStepSink | undefined {
  return ctx.getValue(RUN_KEY) as RunStepSink | undefined;
}

/** The context with `tool` as the innermost tool call. */
export function withTool(parent: Context, tool: HttpStatusSink): Context {
  return parent.setValue(TOOL_KEY, tool);
}

/** The innermost tool call of `ctx`, if any. */
export function toolOf(ctx: Context): HttpStatusSink | undefined {
  return ctx.getValue(TOOL_KEY) as HttpStatusSink | undefined;
}

/** Counts an LLM call in the run of `ctx`; a no-op outside runs. */
export function noteLlmCall(ctx: Context): void {
  runOf(ctx)?.noteStep('llm');
}
