import {
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ERROR_TYPE_VALUE_OTHER,
  ERROR_TYPE_VALUE_TIMEOUT,
} from '@driftwatch/semconv';
import type { Context, Span } from '@opentelemetry/api';
import { type HttpStatusSink, toolOf } from '../../agent/run-context';
import type { ToolCall } from '../../agent/trace-tool';
import { type AdoptableToolCall, registerAdoptableTool } from '../shared/adoptable-tools';
import { captureToolValue } from '../shared/captured-value';
import { failureOfType } from '../shared/framework-calls';

const sdkToolCalls = new WeakMap<HttpStatusSink, SdkToolCall>();

/**
 * One function-tool call of `@openai/agents`, traced from the SDK's function span (start, end, error) and, where
 * the bridge wraps the tool's `execute`, from the execution itself: the SDK turns a tool's exception into a message
 * for the model, so the exception is only seen there.
 */
export class SdkToolCall implements AdoptableToolCall {
  readonly call: ToolCall;
  readonly name: string;
  adopted = false;
  private thrown: { error: unknown } | undefined;
  private result: { value: unknown } | undefined;
  private failureType: string | undefined;
  private sdkFailed = false;
  private executing = 0;
  private callIdNoted = false;
  private argumentsNoted = false;

  constructor(call: ToolCall, name: string) {
    this.call = call;
    this.name = name;
    sdkToolCalls.set(call, this);
    registerAdoptableTool(call, this);
  }

  get span(): Span {
    return this.call.span;
  }

  noteFailure(errorType: string): void {
    this.failureType ??= errorType;
  }

  noteSdkError(): void {
    this.sdkFailed = true;
  }

  noteCallId(callId: unknown): void {
    if (this.callIdNoted || typeof callId !== 'string' || callId === '') return;
    this.callIdNoted = true;
    this.call.span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ID, callId);
  }

  /** The call's arguments, recorded only with content capture on. */
  noteArguments(value: unknown): void {
    if (this.argumentsNoted || value === undefined) return;
    this.argumentsNoted = true;
    captureToolValue(this.call.span, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, value);
  }

  executionStarted(): void {
    this.executing += 1;
  }

  executionSucceeded(value: unknown): void {
    this.executing -= 1;
    this.result = { value };
  }

  executionFailed(error: unknown): void {
    this.executing -= 1;
    this.thrown ??= { error };
  }

  /** Ends the call when the SDK ends its function span; `output` is the span's recorded output, if any. */
  finish(output: unknown): void {
    if (this.thrown !== undefined) this.call.fail(this.thrown.error);
    else if (this.executing > 0) {
      // The SDK stopped waiting (its `timeoutMs`) and answered the model with a timeout message.
      this.call.fail(failureOfType(ERROR_TYPE_VALUE_TIMEOUT));
    } else if (this.failureType !== undefined) this.call.fail(failureOfType(this.failureType));
    else if (this.sdkFailed) this.call.fail(failureOfType(ERROR_TYPE_VALUE_OTHER));
    else this.call.succeed(this.result !== undefined ? this.result.value : output);
  }
}

/** The SDK tool call a context is inside (the innermost tool of the context), if any. */
export function sdkToolCallOf(ctx: Context): SdkToolCall | undefined {
  const tool = toolOf(ctx);
  return tool === undefined ? undefined : sdkToolCalls.get(tool);
}
