import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '@driftwatch/semconv';
import type { Attributes, Context } from '@opentelemetry/api';
import { beginOperation, type OperationHost, requestToTrace } from '../genai/begin-operation';
import type { GenAIOperation } from '../genai/genai-operation';
import { observeResult } from '../genai/observe-result';
import { reportInternalError } from '../internal/guard';
import { asRecord, asString } from '../internal/readers';
import { messagesCallInput, readMessage } from './message-response';
import { MessageStreamRecorder } from './message-stream-recorder';
import { setMessagesRequestAttributes } from './request-attributes';
import type { ResolvedAnthropicConfig } from './resolved-config';
import { anthropicServerOf } from './server-info';

export interface StartedMessages {
  readonly operation: GenAIOperation;
  readonly context: Context;
  readonly streaming: boolean;
}

export interface AnthropicOperationsHost extends OperationHost {
  readonly config: ResolvedAnthropicConfig;
}

/** The conversation id the app gave the SDK for its own span (`openTelemetry: { conversationId }` per request). */
function conversationIdOf(options: unknown): string | undefined {
  return asString(asRecord(asRecord(options)?.openTelemetry)?.conversationId);
}

/** Starts and observes the `messages.create` calls (plain, streamed, and under `messages.stream()`/`parse()`). */
export class MessagesOperations {
  private readonly host: AnthropicOperationsHost;

  constructor(host: AnthropicOperationsHost) {
    this.host = host;
  }

  get enabled(): boolean {
    return this.host.isEnabled();
  }

  start(resource: unknown, body: unknown, options: unknown): StartedMessages | undefined {
    const { host } = this;
    const traced = requestToTrace(host, body, 'anthropic');
    if (traced === undefined) return undefined;
    const { parent, request } = traced;
    try {
      const client = (resource as { _client?: unknown } | null)?._client;
      const server = anthropicServerOf(client);
      const model = asString(request.model);
      const streaming = request.stream === true;
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT,
        [ATTR_GEN_AI_PROVIDER_NAME]: server.providerName,
      };
      if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      if (server.address !== undefined) {
        attributes[ATTR_SERVER_ADDRESS] = server.address.address;
        attributes[ATTR_SERVER_PORT] = server.address.port;
      }
      const metricAttributes: Attributes = { ...attributes };
      if (streaming) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
      const conversationId = conversationIdOf(options);
      if (conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
      setMessagesRequestAttributes(request, attributes);
      const { operation, context } = beginOperation(host, parent, {
        client,
        component: 'anthropic',
        spanName:
          model === undefined ? GEN_AI_OPERATION_NAME_VALUE_CHAT : `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${model}`,
        providerName: server.providerName,
        attributes,
        metricAttributes,
        streaming,
        input: () => messagesCallInput(request),
      });
      return { operation, context, streaming };
    } catch (error) {
      reportInternalError('anthropic.start', error);
      return undefined;
    }
  }

  /** Returns the SDK's own `APIPromise` with the operation attached; on any internal failure, `result` itself. */
  observe(result: unknown, started: StartedMessages): unknown {
    return observeResult(result, {
      operation: started.operation,
      streaming: started.streaming,
      readResponse: readMessage,
      createStreamRecorder: (keepContent) => new MessageStreamRecorder(keepContent),
    });
  }
}
