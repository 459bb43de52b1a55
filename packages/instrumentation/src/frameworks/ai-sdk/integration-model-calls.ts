import { context } from '@opentelemetry/api';
import type { ResponseDetails } from '../../genai/response-details';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString, type UnknownRecord } from '../../internal/readers';
import { guarded } from '../shared/framework-calls';
import { outputMessageOf } from './ai-messages';
import { type CallState, callOf, OBJECT_OPERATIONS } from './call-registry';
import type { AISDKHost } from './host';
import { ModelCall } from './model-call';
import {
  detailsOfGenerateResult,
  finishReasonOf,
  readAiUsage,
  readResponseMetadata,
  StreamPartsRecorder,
} from './model-details';
import { observeStreamInPlace } from './observed-stream';

type Execute = () => PromiseLike<unknown>;

/**
 * Details of a model call from the SDK's own end events (object steps, streams the bridge could not observe), with
 * an object step's raw text as the output when the content is kept.
 */
function detailsOfEndEvent(event: UnknownRecord, keepContent: boolean): ResponseDetails {
  const details: ResponseDetails = {};
  readAiUsage(event.usage, details);
  readResponseMetadata(event.response, details);
  const id = asString(event.responseId);
  if (id !== undefined) details.id = id;
  const model = asString(asRecord(event.response)?.modelId) ?? asString(event.modelId);
  if (model !== undefined) details.model = model;
  const finish = finishReasonOf(event.finishReason);
  if (finish.raw !== undefined) details.finishReasons = [finish.raw];
  const objectText = asString(event.objectText);
  if (keepContent && objectText !== undefined) {
    details.outputMessages = [outputMessageOf([{ type: 'text', text: objectText }], finish.unified)];
  }
  return details;
}

/** A `chat` span for a model call of a `generateText`/`streamText`/`generateObject` call, under its run. */
export function modelCallFor(
  host: AISDKHost,
  state: CallState | undefined,
  event: UnknownRecord,
): ModelCall | undefined {
  return ModelCall.start(host, state?.context ?? context.active(), {
    provider: event.provider,
    modelId: event.modelId,
    streaming: state?.streaming ?? false,
    settings: { ...state?.settings, ...event },
    outputType: state !== undefined && OBJECT_OPERATIONS.has(state.operationId) ? 'json' : undefined,
    instructions: event.instructions ?? event.system,
    messages: event.messages ?? event.promptMessages,
    tools: event.tools,
  });
}

/** What the stream observer of a model call recorded, for when the SDK's end event comes first. */
const streamRecorders = new WeakMap<ModelCall, StreamPartsRecorder>();

/** Observes the provider stream of a streamed model call in place; the call ends with the stream. */
function observeStreamResult(result: UnknownRecord, call: ModelCall): boolean {
  const stream = result.stream;
  if (!(stream instanceof ReadableStream)) return false;
  const recorder = new StreamPartsRecorder(call.keepContent);
  streamRecorders.set(call, recorder);
  return observeStreamInPlace(stream, {
    part(part) {
      if (StreamPartsRecorder.isOutput(part)) call.operation.markFirstChunk();
      recorder.observe(part);
    },
    end(outcome) {
      const error = outcome !== undefined && 'error' in outcome ? outcome.error : recorder.error?.error;
      if (error !== undefined) call.fail(error, recorder.result());
      else call.succeed(recorder.result());
    },
  });
}

/**
 * AI SDK 7's `executeLanguageModelCall`: the provider call runs in its `chat` span's context (its `fetch` reports
 * the server); a generated result ends the span at once, a streamed one when its stream ends.
 */
export async function executeModelCall(host: AISDKHost, options: UnknownRecord, execute: Execute): Promise<unknown> {
  let state: CallState | undefined;
  let call: ModelCall | undefined;
  try {
    state = callOf(options.callId);
    call = modelCallFor(host, state, options);
  } catch (error) {
    reportInternalError('ai_sdk.model_call', error);
  }
  if (call === undefined) return await execute();
  const modelCall = call;
  let result: unknown;
  try {
    result = await context.with(modelCall.context, execute);
  } catch (error) {
    guarded('ai_sdk.model_call', () => modelCall.fail(error));
    throw error;
  }
  guarded('ai_sdk.model_call', () => {
    const record = asRecord(result);
    if (record !== undefined && observeStreamResult(record, modelCall)) {
      // Should the stream end unobserved, the SDK's end event for the call ends it instead.
      if (state !== undefined) state.openModelCall = modelCall;
      return;
    }
    modelCall.succeed(detailsOfGenerateResult(result, modelCall.keepContent));
  });
  return result;
}

/** Ends a model call that its stream did not (the SDK's end event came first, or the stream was unobserved). */
export function endOpenModelCall(event: UnknownRecord): void {
  const state = callOf(event.callId);
  const open = state?.openModelCall;
  if (state === undefined || open === undefined) return;
  state.openModelCall = undefined;
  if (open.isEnded) return;
  // The SDK handles the stream's `finish` part before the observer sees the stream end.
  const recorder = streamRecorders.get(open);
  open.succeed(recorder?.finished === true ? recorder.result() : detailsOfEndEvent(event, open.keepContent));
}
