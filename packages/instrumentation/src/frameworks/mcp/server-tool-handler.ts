import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_SESSION_ID,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ERROR_TYPE_VALUE_TOOL_ERROR,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  MCP_METHOD_NAME_VALUE_TOOLS_CALL,
} from '@driftwatch/semconv';
import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { recordRedactedException } from '../../content/redact-secrets';
import { errorTypeOf } from '../../genai/error-type';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString } from '../../internal/readers';
import type { Method } from '../shared/method-patch';
import { isToolErrorResult, jsonRpcCodeOf, mcpErrorType } from './mcp-attributes';
import { extractedContext } from './trace-context';

export interface ServerHost {
  isEnabled(): boolean;
  readonly tracer: Tracer;
}

function startServerSpan(host: ServerHost, request: Record<string, unknown>, extra: unknown) {
  const params = asRecord(request.params);
  const name = asString(params?.name) ?? 'tool';
  const attributes: Attributes = {
    [ATTR_MCP_METHOD_NAME]: MCP_METHOD_NAME_VALUE_TOOLS_CALL,
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: name,
  };
  const extraRecord = asRecord(extra);
  const requestId = extraRecord?.requestId;
  if (typeof requestId === 'string' || typeof requestId === 'number') {
    attributes[ATTR_JSONRPC_REQUEST_ID] = String(requestId);
  }
  const sessionId = asString(extraRecord?.sessionId);
  if (sessionId !== undefined) attributes[ATTR_MCP_SESSION_ID] = sessionId;
  const parent = extractedContext(params, context.active());
  const span = host.tracer.startSpan(
    `${MCP_METHOD_NAME_VALUE_TOOLS_CALL} ${name}`,
    { kind: SpanKind.SERVER, attributes },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

function endServerSpan(span: Span, outcome: { result: unknown } | { error: unknown }): void {
  if ('error' in outcome) {
    const errorType = mcpErrorType(outcome.error) ?? errorTypeOf(outcome.error);
    const code = jsonRpcCodeOf(outcome.error);
    if (code !== undefined) span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, String(code));
    span.setAttribute(ATTR_ERROR_TYPE, errorType);
    recordRedactedException(span, outcome.error, errorType);
  } else if (isToolErrorResult(outcome.result)) {
    span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_TOOL_ERROR);
    span.setStatus({ code: SpanStatusCode.ERROR, message: ERROR_TYPE_VALUE_TOOL_ERROR });
  }
  span.end();
}

/**
 * A `tools/call` request handler, traced: a SERVER span `tools/call {name}` (MCP conventions), a child of the
 * caller's span when the request carries its trace context in `params._meta`; the tool's own work (LLM calls,
 * HTTP requests) nests under it. Other methods pass straight through. Same result and errors.
 */
function tracedHandler(handler: Method, host: ServerHost): Method {
  return function handleRequest(this: unknown, ...args: unknown[]) {
    const request = asRecord(args[0]);
    if (!host.isEnabled() || request?.method !== MCP_METHOD_NAME_VALUE_TOOLS_CALL) return handler.apply(this, args);
    let started: ReturnType<typeof startServerSpan> | undefined;
    try {
      started = startServerSpan(host, request, args[1]);
    } catch (error) {
      reportInternalError('mcp.server', error);
    }
    if (started === undefined) return handler.apply(this, args);
    const { span } = started;
    const settle = (outcome: { result: unknown } | { error: unknown }) => {
      try {
        endServerSpan(span, outcome);
      } catch (error) {
        reportInternalError('mcp.server', error);
      }
    };
    let result: unknown;
    try {
      result = context.with(started.context, () => handler.apply(this, args));
    } catch (error) {
      settle({ error });
      throw error;
    }
    if (!(result instanceof Promise)) {
      settle({ result });
      return result;
    }
    return result.then(
      (value: unknown) => {
        settle({ result: value });
        return value;
      },
      (error: unknown) => {
        settle({ error });
        throw error;
      },
    );
  };
}

/** Wraps `Server.prototype.setRequestHandler` so that a `tools/call` handler (McpServer's included) is traced. */
export function wrapSetRequestHandler(original: Method, host: ServerHost): Method {
  return function setRequestHandler(this: unknown, ...args: unknown[]) {
    const handler = args[1];
    if (typeof handler === 'function') {
      try {
        args[1] = tracedHandler(handler as Method, host);
      } catch (error) {
        reportInternalError('mcp.server', error);
      }
    }
    return original.apply(this, args);
  };
}
