import { type Context, createContextKey } from '@opentelemetry/api';

/** What the LLM patches need from the agent run they happen in. */
export interface RunStepSink {
  /** Counts one step (an LLM call or a tool call) of the run. */
  noteStep(kind: 'llm' | 'tool'): void;
}

const RUN_KEY = createContextKey('driftwatch.agent.run');

/** The context with `run` as the innermost agent run. */
export function withRun(parent: Context, run: RunStepSink): Context {
  return parent.setValue(RUN_KEY, run);
}

/** The innermost agent run of `ctx`, if any. */
export function runOf(ctx: Context): RunStepSink | undefined {
  return ctx.getValue(RUN_KEY) as RunStepSink | undefined;
}

/** Counts an LLM call in the run of `ctx`; a no-op outside runs. */
export function noteLlmCall(ctx: Context): void {
  runOf(ctx)?.noteStep('llm');
}
