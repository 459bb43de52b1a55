import { attachContent } from '@driftwatch/processors';
import {
  ATTR_DRIFTWATCH_TOOL_SCHEMA_ISSUES,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ERROR_TYPE_VALUE_MALFORMED_RESULT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
} from '@driftwatch/semconv';
import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { setValueAttribute } from '../content/content-attribute';
import { recordRedactedException } from '../content/redact-secrets';
import { reportInternalError } from '../internal/guard';
import { agentInstruments, agentTracer, agentTracingOptions } from './agent-telemetry';
import { followHttpRequests, type HttpAnswer } from './http-status-channel';
import { runObserved } from './observe-result';
import { type HttpStatusSink, runOf, toolOf, withTool } from './run-context';
import { type StandardSchemaLike, validateWith } from './standard-schema';
import { StandingHttpFailure } from './standing-http-failure';
import { interceptTool } from './tool-interceptor';
import { errorTypeOfStatus, responseStatusOf, toolErrorType } from './tool-outcome';
import { AgentRun } from './trace-agent';

/** A tool call: what `traceTool` records on its `execute_tool` span. */
export interface ToolDefinition {
  /** The tool's name as the model knows it: a span name part and a metric label. */
  name: string;
  /** `function` (default), `extension`, `datastore` or the app's own word. */
  type?: string;
  description?: string;
  /** The model's id for this call (`call_…`), linking the span to the assistant message that asked for it. */
  callId?: string;
  /** The call's arguments, recorded only with content capture on. */
  arguments?: unknown;
  /**
   * A schema for the result (zod 4 or any Standard Schema). A result it rejects is recorded as
   * `error.type=malformed_result` with the failing paths; the caller still gets it unless `onMalformedResult`
   * is `throw`. Not applied to a fetch `Response` (its body belongs to the app). A result returned after a server
   * error or rate limit the tool's requests ended on is recorded with that status instead (an error body, not a
   * schema change).
   */
  resultSchema?: StandardSchemaLike;
  /** `return` (default): the caller gets the result anyway. `throw`: the caller gets a {@link ToolResultSchemaError}. */
  onMalformedResult?: 'return' | 'throw';
}

/** Thrown to the caller, only with `onMalformedResult: 'throw'`, when a tool's result fails its `resultSchema`. */
export class ToolResultSchemaError extends Error {
  readonly toolName: string;
  /** Failing paths and messages, e.g. `$.owner.id: Invalid input: expected string, received number`. */
  readonly issues: readonly string[];
  /** The result the tool returned. */
  readonly result: unknown;

  constructor(toolName: string, issues: readonly string[], result: unknown) {
    super(`Tool "${toolName}" returned a result that does not match its resultSchema: ${issues.join('; ')}`);
    this.name = 'ToolResultSchemaError';
    this.toolName = toolName;
    this.issues = issues;
    this.result = result;
  }
}

/** One `execute_tool` call in progress; the framework bridges end it with `succeed` or `fail`. */
export class ToolCall implements HttpStatusSink {
  readonly span: Span;
  private readonly definition: ToolDefinition;
  private readonly metricAttributes: Attributes;
  private readonly captureMaxLength: number | undefined;
  private readonly startedAt = performance.now();
  private failingStatus: { status: number; retryAfter: boolean } | undefined;
  private readonly standingFailure = new StandingHttpFailure();
  private lastStatus: number | undefined;
  private ended = false;

  constructor(span: Span, definition: ToolDefinition, agentName: string | undefined, captureMaxLength?: number) {
    this.span = span;
    this.definition = definition;
    this.captureMaxLength = captureMaxLength;
    this.metricAttributes = { [ATTR_GEN_AI_TOOL_NAME]: definition.name };
    if (agentName !== undefined) this.metricAttributes[ATTR_GEN_AI_AGENT_NAME] = agentName;
  }

  noteHttpStatus(answer: HttpAnswer): void {
    const { statusCode, retryAfter } = answer;
    this.lastStatus = statusCode;
    if (statusCode >= 400) this.failingStatus = { status: statusCode, retryAfter };
    this.standingFailure.note(answer);
  }

  succeed(value: unknown): Error | undefined | Promise<Error | undefined> {
    if (this.ended) return undefined;
    const response = responseStatusOf(value);
    if (response !== undefined) {
      this.lastStatus = response.status;
      this.end(errorTypeOfStatus(response.status, response.retryAfter));
      return undefined;
    }
    if (this.captureMaxLength !== undefined) {
      setValueAttribute(this.span, ATTR_GEN_AI_TOOL_CALL_RESULT, value, this.captureMaxLength);
    }
    // The tool returned, but what it returned came from a server error or a rate limit: failed, like a throw.
    const httpErrorType = this.standingFailure.errorType();
    const { name, arguments: args, resultSchema: schema } = this.definition;
    // For the evaluators (schema compliance, injection in tool output), in-process only; a no-op unless evaluating.
    // An error body is not the tool's result: like a thrown call, it is not evaluated.
    if (httpErrorType === undefined) {
      attachContent(this.span, { tool: { name, arguments: args, result: value, hasResultSchema: !!schema } });
    }
    if (schema === undefined) {
      this.end(httpErrorType);
      return undefined;
    }
    let issues: string[] | Promise<string[]>;
    try {
      issues = validateWith(schema, value, this.captureMaxLength !== undefined);
    } catch (error) {
      reportInternalError('tool.result_schema', error);
      this.end(httpErrorType);
      return undefined;
    }
    if (!(issues instanceof Promise)) return this.judge(issues, value, httpErrorType);
    const decided = issues.then(
      (list) => this.judge(list, value, httpErrorType),
      (error: unknown) => {
        reportInternalError('tool.result_schema', error);
        this.end(httpErrorType);
        return undefined;
      },
    );
    // In `return` mode the caller does not wait for an async schema; the span ends when it settles.
    return this.definition.onMalformedResult === 'throw' ? decided : undefined;
  }

  fail(error: unknown): void {
    if (this.ended) return;
    const errorType = toolErrorType(error, this.failingStatus);
    if (error instanceof Error) recordRedactedException(this.span, error, errorType ?? error.name);
    this.end(errorType);
  }

  /**
   * Ends the call on its schema's verdict. A standing HTTP failure wins over `malformed_result` (an outage is not
   * a schema change) and its error body's issues are not recorded; `throw` mode still throws, as without it.
   */
  private judge(issues: string[], value: unknown, httpErrorType: string | undefined): Error | undefined {
    if (issues.length === 0) {
      this.end(httpErrorType);
      return undefined;
    }
    // With content capture on, an issue quotes the value that failed: redacted in `describeIssues`, before its cut.
    if (httpErrorType === undefined) this.span.setAttribute(ATTR_DRIFTWATCH_TOOL_SCHEMA_ISSUES, issues);
    this.end(httpErrorType ?? ERROR_TYPE_VALUE_MALFORMED_RESULT);
    return this.definition.onMalformedResult === 'throw'
      ? new ToolResultSchemaError(this.definition.name, issues, value)
      : undefined;
  }

  private end(errorType: string | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const { span } = this;
    if (this.lastStatus !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, this.lastStatus);
    const attributes = this.metricAttributes;
    if (errorType !== undefined) {
      span.setAttribute(ATTR_ERROR_TYPE, errorType);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
      attributes[ATTR_ERROR_TYPE] = errorType;
    }
    span.end();
    const instruments = agentInstruments();
    instruments.toolCalls.add(1, attributes);
    instruments.toolDuration.record((performance.now() - this.startedAt) / 1000, attributes);
  }
}

/**
 * Starts an `execute_tool` call under `parentContext` (the active context by default), as a span of `kind`
 * (INTERNAL by default; the MCP client's calls are CLIENT spans): the entry point of `traceTool` and of the
 * framework bridges.
 */
export function startTool(
  definition: ToolDefinition,
  parentContext: Context = context.active(),
  kind: SpanKind = SpanKind.INTERNAL,
): ToolCall {
  followHttpRequests(toolOf);
  const name = String(definition.name);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: name,
    [ATTR_GEN_AI_TOOL_TYPE]: definition.type ?? GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
  };
  if (definition.callId !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = definition.callId;
  if (definition.description !== undefined) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = definition.description;
  const span = agentTracer().startSpan(
    `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${name}`,
    { kind, attributes },
    parentContext,
  );
  const run = runOf(parentContext);
  run?.noteStep('tool');
  const options = agentTracingOptions();
  const captureMaxLength = options.captureContent ? options.contentMaxLength : undefined;
  if (captureMaxLength !== undefined && definition.arguments !== undefined) {
    setValueAttribute(span, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, definition.arguments, captureMaxLength);
  }
  return new ToolCall(span, definition, run instanceof AgentRun ? run.name : undefined, captureMaxLength);
}

/**
 * Runs `fn` as a tool call: an `execute_tool {name}` span (INTERNAL), a child of the current agent run, counted as
 * a step of it. Its outcome lands on `error.type` and in `driftwatch.tool.calls`: the HTTP status (from a thrown
 * error that carries one, a fetch `Response` the tool returns, or the requests the tool made), `rate_limited`,
 * `timeout`, `malformed_result` (see `resultSchema`), else the exception class. A tool that returns is failed
 * too when its requests ended on a server error or rate limit that no later request made up for (a retry or a
 * fallback that worked). The caller gets exactly what `fn` returns or throws.
 */
export function traceTool<Result>(definition: ToolDefinition, fn: (span: Span) => Result): Result {
  let call: ToolCall;
  try {
    call = startTool(definition);
  } catch (error) {
    reportInternalError('tool.start', error);
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  }
  const ctx = withTool(trace.setSpan(context.active(), call.span), call);
  const describe = () => ({
    name: String(definition.name),
    type: definition.type ?? GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
    arguments: definition.arguments,
  });
  return runObserved(ctx, () => interceptTool(describe, () => fn(call.span)), {
    succeed: (value) => call.succeed(value),
    fail: (error) => call.fail(error),
  });
}

/** A {@link ToolDefinition} for {@link tool}: the call id and arguments come from each call. */
export interface ToolWrapperDefinition<Args extends unknown[]> extends Omit<ToolDefinition, 'callId' | 'arguments'> {
  /** The call id, from the call's arguments (e.g. `(args) => args.callId`). */
  callId?: (...args: Args) => string | undefined;
}

/**
 * Wraps a tool function: every call runs under {@link traceTool}, with the call's arguments (one argument as
 * itself, several as an array) recorded when content capture is on. Same signature, same `this`, same results.
 */
export function tool<Args extends unknown[], Result>(
  definition: ToolWrapperDefinition<Args>,
  fn: (...args: Args) => Result,
): (...args: Args) => Result {
  const { callId, ...rest } = definition;
  const traced = function (this: unknown, ...args: Args): Result {
    let callDefinition: ToolDefinition;
    try {
      callDefinition = { ...rest, arguments: args.length === 1 ? args[0] : args };
      const id = callId?.(...args);
      if (typeof id === 'string') callDefinition.callId = id;
    } catch (error) {
      reportInternalError('tool.definition', error);
      callDefinition = { ...rest };
    }
    return traceTool(callDefinition, () => fn.apply(this, args));
  };
  Object.defineProperty(traced, 'name', { value: fn.name || definition.name });
  Object.defineProperty(traced, 'length', { value: fn.length });
  return traced;
}
