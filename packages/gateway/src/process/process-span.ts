import { attachContent } from '@driftwatch/processors';
import {
  ATTR_DRIFTWATCH_COST_UNKNOWN,
  ATTR_DRIFTWATCH_COST_USD,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
} from '@driftwatch/semconv';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { AwaitingContent } from './awaiting-content';
import type { GatewaySpan } from './gateway-span';
import type { SpanMessages } from './pending-content';
import { finishedRunAbove, rollUp } from './run-rollup';
import { type ReceivedEvent, recordRun } from './run-signals';
import type { SourcePipeline } from './source-pipeline';
import { type RebuiltMessages, spanContentOf } from './span-content';
import type { SpanNode } from './trace-state';

const INFERENCE = new Set<unknown>([
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
]);

const CLIENT_METRIC_LABELS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
] as const;

function count(attributes: Attributes, key: string): number | undefined {
  const value = attributes[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function failed(span: GatewaySpan): string | undefined {
  const errorType = span.attributes[ATTR_ERROR_TYPE];
  if (typeof errorType === 'string' && errorType !== '') return errorType;
  return span.status.code === SpanStatusCode.ERROR ? '_OTHER' : undefined;
}

/** The conventions' client metrics of one LLM span: token usage (input and output) and one duration. */
function recordClientMetrics(pipeline: SourcePipeline, span: GatewaySpan): void {
  const { attributes } = span;
  const labels: Attributes = {};
  for (const key of CLIENT_METRIC_LABELS) if (attributes[key] !== undefined) labels[key] = attributes[key];
  const errorType = failed(span);
  const { derived } = pipeline;
  derived.operationDuration.record(
    span.durationSeconds,
    errorType === undefined ? labels : { ...labels, [ATTR_ERROR_TYPE]: errorType },
  );
  const input = count(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS);
  const output = count(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
  if (input !== undefined) {
    derived.tokenUsage.record(input, { ...labels, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT });
  }
  if (output !== undefined) {
    derived.tokenUsage.record(output, { ...labels, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT });
  }
}

/**
 * Hands the span's content to the evaluators (the one content contract), then runs the processors on it. Returns
 * whether the span had content.
 */
function processWithContent(
  pipeline: SourcePipeline,
  span: GatewaySpan,
  operation: unknown,
  messages: RebuiltMessages,
): boolean {
  const isCall = INFERENCE.has(operation);
  let content: ReturnType<typeof spanContentOf>;
  if (isCall || operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) {
    content = spanContentOf(span.attributes, isCall, messages);
    if (content !== undefined) attachContent(span, content);
  }
  pipeline.process(span);
  return content !== undefined;
}

/** An LLM call processed without content waits for the log events that may still bring it (none held back). */
function awaitContent(
  options: { pipeline: SourcePipeline; span: GatewaySpan; partialContent: SpanMessages | undefined },
  awaiting: AwaitingContent,
  nowMillis: number,
): void {
  const evaluation = options.pipeline.lateContent;
  if (evaluation === undefined) return;
  const call = evaluation.awaitContent(options.span as unknown as ReadableSpan);
  if (call === undefined) return;
  const { traceId, spanId } = options.span.spanContext();
  awaiting.remember(`${traceId}/${spanId}`, { evaluation, call, messages: options.partialContent }, nowMillis);
}

function nodeOf(span: GatewaySpan, role: SpanNode['role']): SpanNode {
  const { attributes } = span;
  const cost = attributes[ATTR_DRIFTWATCH_COST_USD];
  const input = count(attributes, ATTR_GEN_AI_USAGE_INPUT_TOKENS);
  const output = count(attributes, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS);
  const hasUsage = input !== undefined || output !== undefined;
  let costUsd: number | undefined = typeof cost === 'number' ? cost : 0;
  if (attributes[ATTR_DRIFTWATCH_COST_UNKNOWN] === true || (typeof cost !== 'number' && hasUsage)) costUsd = undefined;
  const model = attributes[ATTR_GEN_AI_RESPONSE_MODEL] ?? attributes[ATTR_GEN_AI_REQUEST_MODEL];
  return {
    parentSpanId: span.parentSpanContext?.spanId,
    role,
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    costUsd,
    model: typeof model === 'string' ? model : undefined,
    toolError: role === 'tool' && failed(span) !== undefined,
  };
}

/**
 * Processes one received span of a source, as Driftwatch processes its own spans in-process: LLM calls through
 * the processors and into the client metrics (unless the source records those itself), tool calls into the tool
 * metrics, and every span into its trace's state so that a run's span, when it arrives, gets its roll-ups.
 */
export function processSpan(
  options: {
    pipeline: SourcePipeline;
    span: GatewaySpan;
    events: readonly ReceivedEvent[];
    messages: RebuiltMessages;
    partialContent: SpanMessages | undefined;
    awaiting: AwaitingContent;
    recordsClientMetrics: boolean;
  },
  nowMillis: number,
): void {
  const { pipeline, span } = options;
  const operation = span.attributes[ATTR_GEN_AI_OPERATION_NAME];
  const { traceId, spanId } = span.spanContext();
  const state = pipeline.traces.touch(traceId, nowMillis);
  let role: SpanNode['role'] = 'other';
  const hadContent =
    operation !== GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT &&
    processWithContent(pipeline, span, operation, options.messages);
  if (INFERENCE.has(operation)) {
    role = 'llm';
    if (!hadContent) awaitContent(options, options.awaiting, nowMillis);
    if (!options.recordsClientMetrics && !pipeline.recordsClientMetrics) recordClientMetrics(pipeline, span);
  } else if (operation === GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL) {
    role = 'tool';
    const labels: Attributes = {};
    const toolName = span.attributes[ATTR_GEN_AI_TOOL_NAME];
    const agentName = span.attributes[ATTR_GEN_AI_AGENT_NAME];
    if (typeof toolName === 'string') labels[ATTR_GEN_AI_TOOL_NAME] = toolName;
    if (typeof agentName === 'string') labels[ATTR_GEN_AI_AGENT_NAME] = agentName;
    const errorType = failed(span);
    if (errorType !== undefined) labels[ATTR_ERROR_TYPE] = errorType;
    pipeline.derived.toolCalls.add(1, labels);
    pipeline.derived.toolDuration.record(span.durationSeconds, labels);
  } else if (operation === GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT) {
    role = 'run';
  }
  const parentSpanId = span.parentSpanContext?.spanId;
  if ((role === 'llm' || role === 'tool') && finishedRunAbove(state, parentSpanId) !== undefined) {
    pipeline.drop('late_span');
  }
  pipeline.traces.addNode(state, spanId, nodeOf(span, role));
  if (role === 'run') {
    recordRun({
      span,
      events: options.events,
      totals: rollUp(state, spanId),
      derived: pipeline.derived,
      repeats: pipeline.repeats,
      nowMillis,
    });
    state.finishedRuns.add(spanId);
    pipeline.process(span);
  }
  if (parentSpanId === undefined) pipeline.traces.forget(traceId);
}
