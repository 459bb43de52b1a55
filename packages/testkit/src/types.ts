import type { OtlpContentType, OtlpSignal } from '@driftwatch/otlp-proto';

/** The faults the mock LLM server can inject, by header `x-mock-fault: <name>` or by scenario. */
export type FaultName =
  | 'rate_limit'
  | 'server_error'
  | 'hang'
  | 'malformed_json'
  | 'stream_cut'
  | 'missing_usage'
  | 'bad_request'
  | 'overloaded'
  | 'stream_error';

/** A scenario rule that injects a fault. Every condition given must hold; the first matching rule wins. */
export interface MockFaultRule {
  fault: FaultName;
  /** Only every Nth call (call numbers divisible by N). */
  every?: number;
  /** Only from this call number on (1-based, inclusive). */
  fromCall?: number;
  /** Only up to this call number (1-based, inclusive). */
  toCall?: number;
  /** Only requests whose path contains this text, e.g. `/chat/completions`. */
  path?: string;
  /** Only with this probability (0..1), drawn deterministically from the scenario seed and the call number. */
  probability?: number;
}

/**
 * A scripted answer: the first entry whose `match` is found in the last user message (or that has no `match`) and
 * whose `model` answers the call (or that has no `model`) wins.
 */
export interface MockScriptedResponse {
  match?: string;
  /**
   * Only for calls answered by this checkpoint (the dated model in the response, after aliases and any
   * `checkpointSwap`): how two checkpoints of one model answer differently.
   */
  model?: string;
  content?: string;
  toolCall?: { name: string; arguments: Record<string, unknown> };
}

/** Scripted behaviour of the mock LLM server. Plain JSON, so the CLI can read it from a file. */
export interface MockScenario {
  /** After `afterCalls` calls, requests for `model` (any model when omitted) are answered by another checkpoint. */
  checkpointSwap?: { afterCalls: number; model?: string; toModel: string; toFingerprint?: string };
  /** Usage grows by this many tokens per call, cumulatively: call N reports (N - 1) * perCall extra tokens. */
  tokenGrowth?: { perCallInputTokens?: number; perCallOutputTokens?: number };
  faults?: MockFaultRule[];
  /** Seed for the probability of fault rules. Defaults to 1. */
  seed?: number;
  responses?: MockScriptedResponse[];
}

/**
 * How a strict provider refuses a request field it does not know: `azure` answers 400 `Unrecognized request argument
 * supplied: <field>` (Azure OpenAI before api-version 2024-09-01-preview), `mistral` answers 422 `Extra inputs are
 * not permitted` (Mistral's validation error).
 */
export type UnknownFieldStyle = 'azure' | 'mistral';

export interface MockLlmServerOptions {
  /** Defaults to 0: a free port. */
  port?: number;
  /** Defaults to `127.0.0.1`. */
  host?: string;
  scenario?: MockScenario;
  /** Delay before each answer starts, in milliseconds. Defaults to 0. */
  latencyMs?: number;
  /**
   * Refuse chat completion requests carrying a field outside the mid-2024 Chat Completions API (`stream_options`
   * among them), as the named provider does. Defaults to accepting every field.
   */
  rejectUnknownFields?: UnknownFieldStyle;
}

/** A request the mock LLM server received. `authorization` is redacted to `Bearer ***`. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
}

export interface TokenTotals {
  /** Input tokens, cached ones included (Anthropic: `input_tokens` plus both cache counts). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the prompt cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). */
  cachedTokens: number;
  /** Output tokens spent on reasoning (OpenAI `reasoning_tokens`, Anthropic thinking tokens). */
  reasoningTokens: number;
}

export interface ModelUsageStats extends TokenTotals {
  calls: number;
}

export interface MockLlmServerStats {
  /** Every call to a model endpoint (chat, responses, embeddings, messages), faulted ones included. */
  calls: number;
  /** Usage actually reported, by the model named in the response; calls here are those that reported usage. */
  byModel: Record<string, ModelUsageStats>;
  totals: TokenTotals;
}

export interface MockLlmServer {
  /** The base URL to give an OpenAI client, e.g. `http://127.0.0.1:8787/v1`. */
  readonly url: string;
  /**
   * The base URL to give an Anthropic client, e.g. `http://127.0.0.1:8787`: the Anthropic SDK appends
   * `/v1/messages` itself, so its base URL has no `/v1`.
   */
  readonly anthropicUrl: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  stats(): MockLlmServerStats;
  setScenario(scenario: MockScenario): void;
  /** Clears recorded requests, stats and call counters. */
  reset(): void;
  /** Closes the server and destroys open connections, hanging ones included. Safe to call twice. */
  close(): Promise<void>;
}

export type { OtlpSignal };

export interface OtlpReceiverOptions {
  /** Defaults to 0: a free port. */
  port?: number;
  /** Defaults to `127.0.0.1`. */
  host?: string;
  /** The HTTP status to answer each export with. Defaults to 200; data of non-2xx exports is not kept. */
  respondWith?: (signal: OtlpSignal) => number;
}

export interface ReceivedRequest {
  signal: OtlpSignal;
  contentType: OtlpContentType;
  headers: Record<string, string>;
  status: number;
}

export interface ReceivedScope {
  name: string;
  version: string;
}

export interface ReceivedSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, unknown>;
}

export interface ReceivedSpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  traceState: string;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Decimal nanoseconds since the epoch. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: ReceivedSpanEvent[];
  links: ReceivedSpanLink[];
  /** Code 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

export type ReceivedMetricType = 'histogram' | 'sum' | 'gauge' | 'exponential_histogram' | 'summary';

export interface ReceivedMetricPoint {
  name: string;
  unit: string;
  description: string;
  type: ReceivedMetricType;
  temporality?: 'cumulative' | 'delta';
  isMonotonic?: boolean;
  attributes: Record<string, unknown>;
  startTimeUnixNano: string;
  timeUnixNano: string;
  /** Sum and gauge points. */
  value?: number;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  /** Histogram points: counts per bucket, one more than the bounds. */
  bucketCounts?: number[];
  explicitBounds?: number[];
  /** Exponential histogram points. */
  scale?: number;
  zeroCount?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  /** Summary points. */
  quantileValues?: Array<{ quantile: number; value: number }>;
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

export interface ReceivedLogRecord {
  body: unknown;
  eventName: string;
  severityNumber: number;
  severityText: string;
  timeUnixNano: string;
  observedTimeUnixNano: string;
  attributes: Record<string, unknown>;
  /** Empty when the record is not tied to a span. */
  traceId: string;
  spanId: string;
  resource: Record<string, unknown>;
  scope: ReceivedScope;
}

export interface WaitForOptions {
  /** Defaults to 10000. */
  timeoutMs?: number;
}

export interface OtlpReceiver {
  /** The endpoint base, e.g. `http://127.0.0.1:4318`: what goes in OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly ReceivedRequest[];
  spans(): ReceivedSpan[];
  metrics(): ReceivedMetricPoint[];
  logs(): ReceivedLogRecord[];
  /** Resolves once `predicate` holds, checked now and after each export; rejects after `timeoutMs`. */
  waitFor(predicate: (receiver: OtlpReceiver) => boolean, options?: WaitForOptions): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}
