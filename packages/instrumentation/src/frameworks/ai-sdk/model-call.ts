import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_API_TYPE,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '@driftwatch/semconv';
import { type Attributes, type Context, createContextKey } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { CallInput } from '../../content/call-input';
import { beginOperation, type OperationHost, type OperationPlan } from '../../genai/begin-operation';
import type { GenAIOperation } from '../../genai/genai-operation';
import type { ResponseDetails } from '../../genai/response-details';
import { reportInternalError } from '../../internal/guard';
import { asArray, asCount, asNumber, asRecord, asString, type UnknownRecord } from '../../internal/readers';
import { ModelRequests, withModelRequests } from '../shared/request-origin';
import { inputMessagesOf, systemInstructionsOf, toolDefinitionsOf } from './ai-messages';
import { providerOf } from './provider-names';

const COMPONENT = 'ai_sdk';
const MODEL_CALL_KEY = createContextKey('driftwatch.ai_sdk.model_call');

/** One model call of the AI SDK, as its events and telemetry describe it. */
export interface ModelCallRequest {
  /** The AI SDK provider id (`openai.chat`, `openai.responses`, `anthropic.messages`). */
  readonly provider: unknown;
  readonly modelId: unknown;
  readonly streaming: boolean;
  /** Call settings: `maxOutputTokens`, `temperature`, `topP`, `topK`, penalties, `stopSequences`, `seed`. */
  readonly settings?: UnknownRecord;
  /** `json` when the call asks for structured output. */
  readonly outputType?: string;
  /** The prompt: recorded with content capture on, read by the evaluators when they run. */
  readonly instructions?: unknown;
  readonly messages?: unknown;
  readonly tools?: unknown;
}

function settingsAttributes(settings: UnknownRecord | undefined, attributes: Attributes): void {
  if (settings === undefined) return;
  const maxTokens = asCount(settings.maxOutputTokens) ?? asCount(settings.maxTokens);
  if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens;
  const numbers: ReadonlyArray<readonly [string, string]> = [
    ['temperature', ATTR_GEN_AI_REQUEST_TEMPERATURE],
    ['topP', ATTR_GEN_AI_REQUEST_TOP_P],
    ['topK', ATTR_GEN_AI_REQUEST_TOP_K],
    ['frequencyPenalty', ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY],
    ['presencePenalty', ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY],
  ];
  for (const [key, attribute] of numbers) {
    const value = asNumber(settings[key]);
    if (value !== undefined) attributes[attribute] = value;
  }
  const seed = asNumber(settings.seed);
  if (seed !== undefined && Number.isInteger(seed)) attributes[ATTR_GEN_AI_REQUEST_SEED] = seed;
  const stop = asArray(settings.stopSequences);
  if (stop !== undefined && stop.length > 0 && stop.every((item) => typeof item === 'string')) {
    attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = stop as string[];
  }
}

function planOf(request: ModelCallRequest): OperationPlan {
  const provider = providerOf(request.provider);
  const model = asString(request.modelId) ?? 'unknown';
  const metricAttributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: provider.name,
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
  };
  const attributes: Attributes = { ...metricAttributes };
  if (provider.apiType !== undefined) attributes[ATTR_OPENAI_API_TYPE] = provider.apiType;
  settingsAttributes(request.settings, attributes);
  if (request.streaming) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  if (request.outputType !== undefined) attributes[ATTR_GEN_AI_OUTPUT_TYPE] = request.outputType;
  return {
    component: COMPONENT,
    spanName: `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${model}`,
    providerName: provider.name,
    attributes,
    metricAttributes,
    streaming: request.streaming,
    input: () => callInputOf(request),
  };
}

/** The prompt of a model call in the content contract's form. */
function callInputOf(request: ModelCallRequest): CallInput {
  const instructions = systemInstructionsOf(request.instructions);
  const tools = toolDefinitionsOf(request.tools);
  return {
    systemInstructions: instructions.length > 0 ? instructions : undefined,
    inputMessages: request.messages === undefined ? undefined : inputMessagesOf(request.messages),
    toolDefinitions: tools.length > 0 ? tools : undefined,
  };
}

/** The HTTP status an AI SDK error carries (`APICallError.statusCode`) or that the call's requests got. */
function statusOf(error: unknown, observed: number | undefined): number | undefined {
  const record = asRecord(error);
  const status = record?.status ?? record?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : observed;
}

/** The error with its HTTP status as `status`, which `error.type` reads first (the original is left alone). */
function withStatus(error: unknown, status: number): unknown {
  const record = asRecord(error);
  if (record === undefined || record.status === status) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  Object.assign(copy, record);
  if (error instanceof Error) {
    copy.name = error.name;
    copy.message = error.message;
    copy.stack = error.stack;
  }
  copy.status = status;
  return copy;
}

/** A `chat {model}` CLIENT span for one AI SDK model call, with the conventions' metrics. */
export class ModelCall {
  readonly operation: GenAIOperation;
  /** The context the provider's request runs in (its `fetch` reports the server and its status). */
  readonly context: Context;
  /** The context the call was started in (its agent run's). */
  readonly parentContext: Context;
  private readonly requests: ModelRequests;

  private constructor(operation: GenAIOperation, callContext: Context, parent: Context) {
    this.operation = operation;
    this.parentContext = parent;
    this.requests = new ModelRequests(operation.span);
    this.context = withModelRequests(callContext, this.requests).setValue(MODEL_CALL_KEY, this);
  }

  /** Starts the call under `parent`; undefined when tracing is off, suppressed, or could not start. */
  static start(host: OperationHost, parent: Context, request: ModelCallRequest): ModelCall | undefined {
    if (!host.isEnabled() || isTracingSuppressed(parent)) return undefined;
    try {
      const begun = beginOperation(host, parent, planOf(request));
      return new ModelCall(begun.operation, begun.context, parent);
    } catch (error) {
      reportInternalError(`${COMPONENT}.start`, error);
      return undefined;
    }
  }

  /** Whether the response's content must be kept: capture is on, or the evaluators read it. */
  get keepContent(): boolean {
    return this.operation.keepContent;
  }

  get isEnded(): boolean {
    return this.operation.isEnded;
  }

  succeed(details: ResponseDetails): void {
    this.operation.succeed(details);
  }

  fail(error: unknown, details: ResponseDetails = {}): void {
    const status = statusOf(error, this.requests.failingStatus);
    this.operation.fail(status === undefined ? error : withStatus(error, status), details);
  }
}

/** The model call a context is inside, if any. */
export function modelCallOf(ctx: Context): ModelCall | undefined {
  const call = ctx.getValue(MODEL_CALL_KEY);
  return call instanceof ModelCall ? call : undefined;
}
