import type { Attributes } from '@opentelemetry/api';
import type { CallInput } from '../content/call-input';
import type { ResponseDetails } from '../genai/response-details';
import type { StreamRecorder } from '../genai/stream-observer';
import type { UnknownRecord } from '../internal/readers';

export interface StreamRecorderOptions {
  readonly captureContent: boolean;
  /** Driftwatch asked for `include_usage` itself: hide the usage chunk and the `usage: null` fields. */
  readonly hideInjectedUsage: boolean;
  /** Say once (through `diag`) that a stream ended without usage; off when the user chose `streamUsage: never`. */
  readonly warnWithoutUsage: boolean;
}

/** What differs between the OpenAI operations (chat completions, responses, embeddings). */
export interface OperationAdapter {
  readonly operationName: string;
  /** `openai.api.type`, where the conventions define one for the operation. */
  readonly apiType: string | undefined;
  /** Adds the request attributes (beyond operation, provider, model and server) to the span's start attributes. */
  requestAttributes(body: UnknownRecord, attributes: Attributes): void;
  /** The request's content (instructions, messages, tools, format) in the contract's form; none for embeddings. */
  callInput?(body: UnknownRecord): CallInput;
  readResponse(result: unknown, keepContent: boolean): ResponseDetails;
  createStreamRecorder(options: StreamRecorderOptions): StreamRecorder;
  /** Whether this operation can ask for stream usage (chat completions' `stream_options.include_usage`). */
  readonly canRequestStreamUsage: boolean;
}
