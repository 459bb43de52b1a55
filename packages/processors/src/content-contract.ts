/**
 * Driftwatch content contract, version 1 ({@link CONTENT_CONTRACT_VERSION}).
 *
 * What a producer hands the evaluators about one span: an LLM call's messages, a tool call's arguments and result, an
 * agent run's input and output. Messages are in the OpenTelemetry GenAI conventions' form, the same JSON that
 * `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages` and `gen_ai.tool.definitions` hold
 * when content capture is on; no provider's own request or response shape ever crosses this line. Driftwatch's
 * patches (openai, anthropic) and framework bridges (AI SDK, Agents SDK, MCP) build it in-process with
 * {@link attachContent}; the gateway builds the same contract from the span attributes of other instrumentations.
 * Either way one evaluator code path reads it. Content handed over this way is never exported.
 */
import { contentChannel } from './evaluation/content-channel';

export const CONTENT_CONTRACT_VERSION = 1 as const;

/** `{ type: 'text', content }`. */
export interface TextPart {
  readonly type: 'text';
  readonly content: string;
}

/** The provider's explicit refusal (OpenAI `refusal`); a generic part of the conventions. */
export interface RefusalPart {
  readonly type: 'refusal';
  readonly content: string;
}

/** `{ type: 'reasoning', content }`. */
export interface ReasoningPart {
  readonly type: 'reasoning';
  readonly content: string;
}

/** A tool call the model asks for: `arguments` parsed when they were a JSON string. */
export interface ToolCallPart {
  readonly type: 'tool_call';
  readonly id?: string;
  readonly name: string;
  readonly arguments?: unknown;
}

/** A tool's result handed back to the model. */
export interface ToolCallResponsePart {
  readonly type: 'tool_call_response';
  readonly id?: string;
  readonly response: unknown;
}

/** Any other part of the conventions (`blob`, `uri`, `file`, `server_tool_call`…): `type` and its own fields. */
export interface GenericPart {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type MessagePart = TextPart | RefusalPart | ReasoningPart | ToolCallPart | ToolCallResponsePart | GenericPart;

/** One message of `gen_ai.input.messages`. `role`: `system`, `user`, `assistant`, `tool` (or the provider's). */
export interface InputMessage {
  readonly role: string;
  readonly parts: readonly MessagePart[];
  readonly name?: string;
}

/** One message of `gen_ai.output.messages` (one per choice). */
export interface OutputMessage {
  readonly role: string;
  readonly parts: readonly MessagePart[];
  readonly finish_reason?: string;
}

/** One entry of `gen_ai.tool.definitions`. */
export interface ToolDefinition {
  readonly type: string;
  readonly name: string;
  readonly description?: unknown;
  readonly parameters?: unknown;
}

/** The response format the request asked for: free text, any JSON, or JSON of a given JSON Schema. */
export type RequestedFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json' }
  | { readonly type: 'json_schema'; readonly schema: unknown };

/** One LLM call: what the model was given and what it answered. */
export interface CallContent {
  /** Instructions given apart from the messages (Responses `instructions`, Anthropic `system`). */
  readonly systemInstructions?: readonly MessagePart[];
  readonly inputMessages: readonly InputMessage[];
  readonly outputMessages: readonly OutputMessage[];
  readonly toolDefinitions?: readonly ToolDefinition[];
  /** What the request asked for; without it, `gen_ai.output.type` on the span decides. */
  readonly requestedFormat?: RequestedFormat;
}

/** One tool call (`execute_tool`): its arguments and result, and whether a result schema judged it. */
export interface ToolCallContent {
  readonly name: string | undefined;
  readonly arguments: unknown;
  readonly result: unknown;
  /** True when the tool declared a result schema; its verdict is on the span (`driftwatch.tool.schema.issues`). */
  readonly hasResultSchema: boolean;
}

/** One agent run (`invoke_agent`): the task it was given and what it returned, as values. */
export interface RunContent {
  readonly input: unknown;
  readonly output: unknown;
}

/** What is handed over for one span: usually exactly one of the three. */
export interface SpanContent {
  readonly call?: CallContent;
  readonly tool?: ToolCallContent;
  readonly run?: RunContent;
}

/**
 * Hands the content of `span` to the evaluators: the one way for any producer. Pass a function to have the content
 * built only when an evaluator reads it (after the span ended); attach before `span.end()`. Nothing is kept, and
 * false returned, while no quality processor has evaluators or when the span is not recording, so with evaluation
 * off this costs one check. A later call for the same span replaces the earlier one. Never throws.
 */
export function attachContent(span: unknown, content: SpanContent | (() => SpanContent)): boolean {
  return contentChannel.attach(span, content);
}
