import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_OPENAI_API_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@driftwatch/semconv';
import type { Attributes, Context } from '@opentelemetry/api';
import { beginOperation, type OperationHost, requestToTrace } from '../genai/begin-operation';
import type { GenAIOperation } from '../genai/genai-operation';
import { observeResult } from '../genai/observe-result';
import { reportInternalError } from '../internal/guard';
import { asRecord, asString, type UnknownRecord } from '../internal/readers';
import type { ResolvedOpenAIConfig } from '../internal/resolved-config';
import type { OperationAdapter } from './operation-adapter';
import { serverInfoOf } from './server-info';

export interface StartedOperation {
  readonly operation: GenAIOperation;
  readonly context: Context;
  /** The body to send: the app's own, or a copy that also asks for stream usage. */
  readonly body: unknown;
  readonly streaming: boolean;
  readonly hideInjectedUsage: boolean;
  readonly warnWithoutUsage: boolean;
}

export interface OpenAIOperationsHost extends OperationHost {
  readonly config: ResolvedOpenAIConfig;
}

function withStreamUsage(body: UnknownRecord): UnknownRecord | undefined {
  const streamOptions = asRecord(body.stream_options);
  if (streamOptions?.include_usage === true) return undefined;
  return { ...body, stream_options: { ...streamOptions, include_usage: true } };
}

/** Starts and observes OpenAI operations for the patched `create` methods. */
export class OpenAIOperations {
  private readonly host: OpenAIOperationsHost;

  constructor(host: OpenAIOperationsHost) {
    this.host = host;
  }

  start(adapter: OperationAdapter, resource: unknown, body: unknown): StartedOperation | undefined {
    const { host } = this;
    const traced = requestToTrace(host, body, 'openai');
    if (traced === undefined) return undefined;
    const { parent, request } = traced;
    try {
      const { config } = host;
      const client = (resource as { _client?: unknown } | null)?._client;
      const server = serverInfoOf(client);
      const model = asString(request.model);
      const streaming = request.stream === true;
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: adapter.operationName,
        [ATTR_GEN_AI_PROVIDER_NAME]: server.providerName,
      };
      if (model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      if (server.address !== undefined) attributes[ATTR_SERVER_ADDRESS] = server.address;
      if (server.port !== undefined) attributes[ATTR_SERVER_PORT] = server.port;
      const metricAttributes: Attributes = { ...attributes };
      if (adapter.apiType !== undefined) attributes[ATTR_OPENAI_API_TYPE] = adapter.apiType;
      if (streaming) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
      adapter.requestAttributes(request, attributes);
      const { operation, context } = beginOperation(host, parent, {
        client,
        component: 'openai',
        spanName: model === undefined ? adapter.operationName : `${adapter.operationName} ${model}`,
        providerName: server.providerName,
        attributes,
        metricAttributes,
        streaming,
        input: adapter.callInput === undefined ? undefined : () => adapter.callInput?.(request) ?? {},
      });
      let sentBody: unknown = body;
      if (
        streaming &&
        adapter.canRequestStreamUsage &&
        (config.streamUsage === 'always' || (config.streamUsage === 'auto' && server.acceptsStreamUsage))
      ) {
        sentBody = withStreamUsage(request) ?? body;
      }
      return {
        operation,
        context,
        body: sentBody,
        streaming,
        hideInjectedUsage: sentBody !== body,
        warnWithoutUsage: config.streamUsage !== 'never',
      };
    } catch (error) {
      reportInternalError('openai.start', error);
      return undefined;
    }
  }

  /** Returns the SDK's own promise type with the operation attached; on any internal failure, `result` itself. */
  observe(result: unknown, started: StartedOperation, adapter: OperationAdapter): unknown {
    return observeResult(result, {
      operation: started.operation,
      streaming: started.streaming,
      readResponse: (data, captureContent) => adapter.readResponse(data, captureContent),
      createStreamRecorder: (keepContent) =>
        adapter.createStreamRecorder({
          captureContent: keepContent,
          hideInjectedUsage: started.hideInjectedUsage,
          warnWithoutUsage: started.warnWithoutUsage,
        }),
    });
  }
}
