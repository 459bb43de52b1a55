import type { Context } from '@opentelemetry/api';
import type { AgentRun } from '../../agent/trace-agent';
import type { ToolCall } from '../../agent/trace-tool';
import type { UnknownRecord } from '../../internal/readers';
import type { ModelCall } from './model-call';

export const AGENT_OPERATIONS = new Set(['ai.generateText', 'ai.streamText']);
export const STREAMING_OPERATIONS = new Set(['ai.streamText', 'ai.streamObject']);
export const OBJECT_OPERATIONS = new Set(['ai.generateObject', 'ai.streamObject']);

/** Calls in progress are forgotten past this many (a stream never consumed never ends). */
const MAX_CALLS = 10_000;

/** One `generateText`/`streamText`/`generateObject`/`streamObject` call in progress, by the SDK's `callId`. */
export interface CallState {
  readonly operationId: string;
  readonly streaming: boolean;
  /** The parent of the call's model calls and tool calls: its run's context, or the caller's. */
  readonly context: Context;
  /** The call's `invoke_agent` run, when it has one. */
  readonly run: AgentRun | undefined;
  /** The tool set, for descriptions. */
  readonly tools: UnknownRecord | undefined;
  /** Call settings, for the model calls of `generateObject`/`streamObject` (their events carry none). */
  readonly settings: UnknownRecord;
  /** The model call in progress that no `execute` wrapper will end (object steps, unobserved streams). */
  openModelCall: ModelCall | undefined;
  /** Tool calls whose `execute` returned, waiting for their result event. */
  readonly pendingTools: Map<string, ToolCall>;
}

const calls = new Map<string, CallState>();

export function rememberCall(callId: string, state: CallState): void {
  if (calls.size >= MAX_CALLS) {
    const oldest = calls.keys().next();
    if (oldest.done !== true) calls.delete(oldest.value);
  }
  calls.set(callId, state);
}

export function callOf(callId: unknown): CallState | undefined {
  return typeof callId === 'string' ? calls.get(callId) : undefined;
}

export function forgetCall(callId: unknown): CallState | undefined {
  const state = callOf(callId);
  if (state !== undefined) calls.delete(callId as string);
  return state;
}
