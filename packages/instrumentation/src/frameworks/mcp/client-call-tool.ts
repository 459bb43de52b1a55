import {
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ERROR_TYPE_VALUE_TOOL_ERROR,
  GEN_AI_TOOL_TYPE_VALUE_EXTENSION,
} from '@driftwatch/semconv';
import { type Context, context, SpanKind } from '@opentelemetry/api';
import { toolOf } from '../../agent/run-context';
import { interceptTool } from '../../agent/tool-interceptor';
import { recordRedactedException } from '../../content/redact-secrets';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString } from '../../internal/readers';
import { type AdoptableToolCall, adoptableTool } from '../shared/adoptable-tools';
import { type FrameworkToolCall, failureOfType, guarded, startFrameworkTool } from '../shared/framework-calls';
import type { Method } from '../shared/method-patch';
import { clientCallAttributes, isToolErrorResult, jsonRpcCodeOf, mcpErrorType } from './mcp-attributes';
import { withPropagatedContext } from './trace-context';

/** How one `callTool` is traced: its own span, or the span of the framework tool call it carries out. */
type TracedCall =
  | { readonly own: FrameworkToolCall }
  | { readonly adopted: AdoptableToolCall; readonly context: Context };

function startCall(client: unknown, params: unknown): TracedCall {
  const record = asRecord(params);
  const name = asString(record?.name) ?? 'tool';
  const parent = context.active();
  const attributes = clientCallAttributes(client);
  const adopted = adoptableTool(toolOf(parent), name);
  if (adopted !== undefined) {
    // A framework (an `@openai/agents` MCP tool) already traces this call: add MCP's attributes to its span.
    adopted.adopted = true;
    adopted.span.setAttributes({ ...attributes, [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE_VALUE_EXTENSION });
    return { adopted, context: parent };
  }
  const own = startFrameworkTool(
    { name, type: GEN_AI_TOOL_TYPE_VALUE_EXTENSION, arguments: record?.arguments },
    parent,
    SpanKind.CLIENT,
  );
  own.call.span.setAttributes(attributes);
  return { own };
}

function succeed(traced: TracedCall, result: unknown): void {
  const failed = isToolErrorResult(result);
  if ('adopted' in traced) {
    if (failed) traced.adopted.noteFailure(ERROR_TYPE_VALUE_TOOL_ERROR);
    return;
  }
  if (failed) traced.own.call.fail(failureOfType(ERROR_TYPE_VALUE_TOOL_ERROR));
  else {
    const record = asRecord(result);
    traced.own.call.succeed(record?.structuredContent ?? record?.content ?? result);
  }
}

function fail(traced: TracedCall, error: unknown): void {
  const errorType = mcpErrorType(error);
  const code = jsonRpcCodeOf(error);
  const span = 'adopted' in traced ? traced.adopted.span : traced.own.call.span;
  if (code !== undefined) span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, String(code));
  if ('adopted' in traced) {
    if (errorType !== undefined) traced.adopted.noteFailure(errorType);
    return;
  }
  if (errorType === undefined) {
    traced.own.call.fail(error);
    return;
  }
  recordRedactedException(span, error, errorType);
  traced.own.call.fail(failureOfType(errorType));
}

/**
 * Wraps `Client.prototype.callTool`: an `execute_tool {name}` CLIENT span (`gen_ai.tool.type=extension`, the MCP
 * conventions' attributes, the server's name), failures classified (`tool_error` for an `isError` result, the
 * JSON-RPC code, `timeout`, else like any tool), and the trace context sent in `params._meta`. The caller gets the
 * SDK's own result or error.
 */
export function wrapCallTool(original: Method, isEnabled: () => boolean): Method {
  return function callTool(this: unknown, ...args: unknown[]) {
    if (!isEnabled()) return original.apply(this, args);
    let traced: TracedCall | undefined;
    try {
      traced = startCall(this, args[0]);
      const callContext = 'own' in traced ? traced.own.context : traced.context;
      args[0] = withPropagatedContext(args[0], callContext);
    } catch (error) {
      reportInternalError('mcp.client', error);
    }
    if (traced === undefined) return original.apply(this, args);
    const call = traced;
    const callContext = 'own' in call ? call.own.context : call.context;
    let result: unknown;
    try {
      const record = asRecord(args[0]);
      const describe = () => ({
        name: asString(record?.name) ?? 'tool',
        type: GEN_AI_TOOL_TYPE_VALUE_EXTENSION,
        arguments: record?.arguments,
      });
      result = context.with(callContext, () => interceptTool(describe, () => original.apply(this, args)));
    } catch (error) {
      guarded('mcp.client', () => fail(call, error));
      throw error;
    }
    if (!(result instanceof Promise)) {
      guarded('mcp.client', () => succeed(call, result));
      return result;
    }
    return result.then(
      (value: unknown) => {
        guarded('mcp.client', () => succeed(call, value));
        return value;
      },
      (error: unknown) => {
        guarded('mcp.client', () => fail(call, error));
        throw error;
      },
    );
  };
}
