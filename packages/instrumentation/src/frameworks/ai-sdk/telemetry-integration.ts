import { context } from '@opentelemetry/api';
import { runOf } from '../../agent/run-context';
import { AgentRun } from '../../agent/trace-agent';
import { asRecord, asString, type UnknownRecord } from '../../internal/readers';
import { guarded, startFrameworkRun } from '../shared/framework-calls';
import { AGENT_OPERATIONS, callOf, forgetCall, rememberCall, STREAMING_OPERATIONS } from './call-registry';
import type { AISDKHost } from './host';
import { endOpenModelCall, executeModelCall, modelCallFor } from './integration-model-calls';
import { INTEGRATION_MARKER } from './integration-registry';
import { endToolCall, executeToolCall } from './integration-tools';
import { noteV6ToolError } from './v6-spans';

type Execute = () => PromiseLike<unknown>;

/** An event from AI SDK 7 (its events carry `aiVersion`; AI SDK 6 calls the same registry with other shapes). */
function v7Event(event: unknown): UnknownRecord | undefined {
  const record = asRecord(event);
  return record !== undefined && typeof record.aiVersion === 'string' ? record : undefined;
}

/** The agent a `generateText`/`streamText` call is: its `functionId`, else the operation (`generateText`). */
function agentNameOf(event: UnknownRecord): string {
  const functionId = asString(event.functionId);
  if (functionId !== undefined && functionId !== '') return functionId;
  return (asString(event.operationId) ?? 'ai.generateText').replace(/^ai\./, '');
}

function startCall(event: UnknownRecord): void {
  const callId = asString(event.callId);
  const operationId = asString(event.operationId);
  if (callId === undefined || operationId === undefined) return;
  const parent = context.active();
  let run: AgentRun | undefined;
  let callContext = parent;
  const named = asString(event.functionId) !== undefined;
  // A call inside the app's own agent run (traceAgent) is a step of that run, unless it is named.
  if (AGENT_OPERATIONS.has(operationId) && (named || !(runOf(parent) instanceof AgentRun))) {
    const prompt = event.prompt;
    const started = startFrameworkRun(
      { name: agentNameOf(event), ...(typeof prompt === 'string' && prompt !== '' ? { task: prompt } : {}) },
      parent,
    );
    run = started.run;
    callContext = started.context;
  }
  rememberCall(callId, {
    operationId,
    streaming: STREAMING_OPERATIONS.has(operationId),
    context: callContext,
    run,
    tools: asRecord(event.tools),
    settings: event,
    openModelCall: undefined,
    pendingTools: new Map(),
  });
}

function endCall(callId: unknown, outcome: { error: unknown } | undefined): void {
  const state = forgetCall(callId);
  if (state === undefined) return;
  const model = state.openModelCall;
  if (model !== undefined && !model.isEnded) {
    if (outcome === undefined) model.succeed({});
    else model.fail(outcome.error);
  }
  for (const tool of state.pendingTools.values()) tool.succeed(undefined);
  state.run?.end(outcome);
}

/**
 * Driftwatch's AI SDK telemetry integration, registered globally so that no call needs `experimental_telemetry`:
 * AI SDK 7 turns its telemetry on for every call once an integration is registered, and runs each provider call
 * and tool execution inside the integration's `executeLanguageModelCall`/`executeTool` (their OpenTelemetry
 * context). AI SDK 6 calls the same registry with its own events; only its tool errors are taken from it.
 */
export function createTelemetryIntegration(host: AISDKHost): Record<PropertyKey, unknown> {
  return {
    [INTEGRATION_MARKER]: true,
    onStart(event: unknown) {
      const record = v7Event(event);
      if (record !== undefined && host.isEnabled()) guarded('ai_sdk.start', () => startCall(record));
    },
    executeLanguageModelCall(options: UnknownRecord & { execute: Execute }) {
      return host.isEnabled() ? executeModelCall(host, options, options.execute) : options.execute();
    },
    onLanguageModelCallEnd(event: unknown) {
      const record = v7Event(event);
      if (record !== undefined) guarded('ai_sdk.model_call', () => endOpenModelCall(record));
    },
    onObjectStepStart(event: unknown) {
      const record = v7Event(event);
      if (record === undefined || !host.isEnabled()) return;
      guarded('ai_sdk.model_call', () => {
        const state = callOf(record.callId);
        if (state !== undefined) state.openModelCall = modelCallFor(host, state, record);
      });
    },
    onObjectStepEnd(event: unknown) {
      const record = v7Event(event);
      if (record !== undefined) guarded('ai_sdk.model_call', () => endOpenModelCall(record));
    },
    executeTool(options: UnknownRecord & { execute: Execute }) {
      return host.isEnabled() ? executeToolCall(options, options.execute) : options.execute();
    },
    onToolExecutionEnd(event: unknown) {
      const record = v7Event(event);
      if (record !== undefined) guarded('ai_sdk.tool', () => endToolCall(record));
    },
    onEnd(event: unknown) {
      const record = v7Event(event);
      if (record !== undefined) guarded('ai_sdk.end', () => endCall(record.callId, undefined));
    },
    onError(event: unknown) {
      const record = v7Event(event);
      if (record !== undefined) guarded('ai_sdk.end', () => endCall(record.callId, { error: record.error }));
    },
    onAbort(event: unknown) {
      const record = v7Event(event);
      if (record === undefined) return;
      const reason = asRecord(event)?.reason;
      guarded('ai_sdk.end', () =>
        endCall(record.callId, { error: reason ?? new DOMException('The operation was aborted.', 'AbortError') }),
      );
    },
    // AI SDK 6: a failed tool's own exception (its telemetry span only keeps a name and a message).
    onToolCallFinish(event: unknown) {
      const record = asRecord(event);
      if (record === undefined || record.aiVersion !== undefined || record.success !== false) return;
      guarded('ai_sdk.tool', () => noteV6ToolError(context.active(), record.error));
    },
  };
}
