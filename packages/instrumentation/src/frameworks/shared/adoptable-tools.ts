import type { Span } from '@opentelemetry/api';
import type { HttpStatusSink } from '../../agent/run-context';

/**
 * A tool call a framework bridge traces from the framework's own lifecycle (an `@openai/agents` function span),
 * which a bridge further down (the MCP client) may adopt instead of starting a second span for the same call,
 * as the MCP conventions ask.
 */
export interface AdoptableToolCall {
  readonly name: string;
  readonly span: Span;
  /** Set by the bridge that adopted the call; a call is adopted once. */
  adopted: boolean;
  /** A failure the adopting bridge saw (the MCP result's `isError`), by `error.type`. */
  noteFailure(errorType: string): void;
}

const adoptable = new WeakMap<HttpStatusSink, AdoptableToolCall>();

export function registerAdoptableTool(call: HttpStatusSink, tool: AdoptableToolCall): void {
  adoptable.set(call, tool);
}

/** The framework's tool call `name` in progress in `call` (the innermost tool of the context), if any. */
export function adoptableTool(call: HttpStatusSink | undefined, name: string): AdoptableToolCall | undefined {
  if (call === undefined) return undefined;
  const tool = adoptable.get(call);
  return tool !== undefined && !tool.adopted && tool.name === name ? tool : undefined;
}
