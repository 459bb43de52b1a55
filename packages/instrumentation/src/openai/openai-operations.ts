import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_OPENAI_API_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '@driftwatch/semconv';
import { type Attributes, type Context, context, SpanKind, type Tracer, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { noteLlmCall } from '../agent/run-context';
import type { GenAIMetrics } from '../internal/genai-metrics';
import { reportInternalError, warnOnce } from '../internal/guard';
import { asRecord, asString, type UnknownRecord } from '../internal/readers';
import type { ResolvedOpenAIConfig } from '../internal/resolved-config';
import { isAPIPromiseLike, observeAPIPromise } from './api-promise-observer';
import { GenAIOperation } from './genai-operation';
import type { OperationAdapter } from './operation-adapter';
import { serverInfoOf } from './server-info';
import { instrumentStream, isStreamLike } from './stream-observer';

/** Providers known to accept `stream_options.include_usage`. */
const STREAM_USAGE_PROVIDERS = new Set<string>([
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
]);

export interface StartedOperation {
  readonly operation: GenAIOperation;
  readonly context: Context;
  /** The body to send: the app's own, or a copy that also asks for stream usage. */
  readonly body: unknown;
  readonly streaming: boolean;
  readonly hideInjectedUsage: boolean;
}

export interface OpenAIOperationsHost {
  isEnabled(): boolean;
  readonly tracer: Tracer;
  readonly metrics: GenAIMetrics;
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
    if (!host.isEnabled()) return undefined;
    const parent = context.active();
    if (isTracingSuppressed(parent)) return undefined;
    const request = asRecord(body);
    if (request === undefined) return undefined;
    try {
      const { config } = host;
      const server = serverInfoOf((resource as { _client?: unknown } | null)?._client);
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
      const name = model === undefined ? adapter.operationName : `${adapter.operationName} ${model}`;
      const span = host.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
      noteLlmCall(parent);
      const contentMaxLength = config.captureMessageContent ? config.contentMaxLength : undefined;
      if (contentMaxLength !== undefined) {
        try {
          adapter.captureInput(request, span, contentMaxLength);
        } catch (error) {
          reportInternalError('openai.capture', error);
        }
      }
      const operation = new GenAIOperation({
        span,
        metrics: host.metrics,
        metricAttributes,
        streaming,
        contentMaxLength,
      });
      let sentBody: unknown = body;
      if (
        streaming &&
        adapter.canRequestStreamUsage &&
        config.streamUsage &&
        STREAM_USAGE_PROVIDERS.has(server.providerName)
      ) {
        sentBody = withStreamUsage(request) ?? body;
      }
      return {
        operation,
        context: trace.setSpan(parent, span),
        body: sentBody,
        streaming,
        hideInjectedUsage: sentBody !== body,
      };
    } catch (error) {
      reportInternalError('openai.start', error);
      return undefined;
    }
  }

  /** Returns the SDK's own promise type with the operation attached; on any internal failure, `result` itself. */
  observe(result: unknown, started: StartedOperation, adapter: OperationAdapter): unknown {
    const { operation } = started;
    try {
      if (!isAPIPromiseLike(result)) {
        warnOnce('openai.promise', 'openai returned an unexpected promise type; calls are traced without responses');
        operation.succeed({});
        return result;
      }
      const observed = result._thenUnwrap((data: unknown) => this.onData(data, started, adapter));
      observeAPIPromise(observed, operation);
      return observed;
    } catch (error) {
      reportInternalError('openai.observe', error);
      operation.succeed({});
      return result;
    }
  }

  private onData(data: unknown, started: StartedOperation, adapter: OperationAdapter): unknown {
    const { operation } = started;
    try {
      if (started.streaming && isStreamLike(data)) {
        const recorder = adapter.createStreamRecorder({
          captureContent: operation.captureContent,
          hideInjectedUsage: started.hideInjectedUsage,
        });
        instrumentStream(data, operation, recorder);
      } else {
        operation.succeed(adapter.readResponse(data, operation.captureContent));
      }
    } catch (error) {
      reportInternalError('openai.response', error);
      operation.succeed({});
    }
    return data;
  }
}
