import { GEN_AI_TOOL_TYPE_VALUE_FUNCTION } from '@driftwatch/semconv';
import { context } from '@opentelemetry/api';
import { interceptTool } from '../../agent/tool-interceptor';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString, type UnknownRecord } from '../../internal/readers';
import { guarded, startFrameworkTool } from '../shared/framework-calls';
import { callOf } from './call-registry';

type Execute = () => PromiseLike<unknown>;

/**
 * AI SDK 7's `executeTool`: an `execute_tool` call under the run, the tool's `execute` inside its context; an
 * exception fails it (and reaches the SDK unchanged), a result ends it with the tool's end event.
 */
export async function executeToolCall(options: UnknownRecord, execute: Execute): Promise<unknown> {
  const state = callOf(options.callId);
  const toolCall = asRecord(options.toolCall);
  const name = asString(toolCall?.toolName) ?? 'tool';
  const toolCallId = asString(options.toolCallId) ?? asString(toolCall?.toolCallId);
  let started: ReturnType<typeof startFrameworkTool> | undefined;
  try {
    const description = asString(asRecord(state?.tools?.[name])?.description);
    started = startFrameworkTool(
      {
        name,
        ...(toolCallId !== undefined ? { callId: toolCallId } : {}),
        ...(description !== undefined ? { description } : {}),
        arguments: toolCall?.input,
      },
      state?.context ?? context.active(),
    );
  } catch (error) {
    reportInternalError('ai_sdk.tool', error);
  }
  if (started === undefined) return await execute();
  const { call } = started;
  let value: unknown;
  try {
    const describe = () => ({
      name,
      type: GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
      arguments: toolCall?.input,
      resultReplaceable: false,
    });
    value = await context.with(started.context, () => interceptTool(describe, execute));
  } catch (error) {
    guarded('ai_sdk.tool', () => call.fail(error));
    throw error;
  }
  // The result comes with the tool's end event; without a call to wait on, it ends now.
  if (state !== undefined && toolCallId !== undefined) state.pendingTools.set(toolCallId, call);
  else guarded('ai_sdk.tool', () => call.succeed(undefined));
  return value;
}

/** The tool's end event: the result of a call whose `execute` returned. */
export function endToolCall(event: UnknownRecord): void {
  const toolCallId = asString(asRecord(event.toolCall)?.toolCallId);
  const state = callOf(event.callId);
  const call = toolCallId === undefined ? undefined : state?.pendingTools.get(toolCallId);
  if (call === undefined || toolCallId === undefined) return;
  state?.pendingTools.delete(toolCallId);
  const output = asRecord(event.toolOutput);
  call.succeed(output?.type === 'tool-result' ? output.output : undefined);
}
