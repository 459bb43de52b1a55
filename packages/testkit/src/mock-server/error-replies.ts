import type { IdentifierSequence } from './identifier-sequence';
import type { Reply, SseEvent } from './reply';

export type ErrorReply = Reply & { kind: 'json' };

/** The errors and response headers of one provider's API, so each client sees the shapes its SDK expects. */
export interface ErrorReplies {
  /** 429 with the provider's retry headers. */
  rateLimit(model: string): ErrorReply;
  /** 500. */
  serverError(): ErrorReply;
  /** The provider's "overloaded" answer: Anthropic 529, OpenAI 503. */
  overloaded(): ErrorReply;
  /** 400 for a request the real API refuses. */
  badRequest(options: { message: string; param: string | null }): ErrorReply;
  /** 400 for a body that is not JSON. */
  invalidJson(): ErrorReply;
  notFound(options: { method: string; path: string }): ErrorReply;
  /** The error event a stream sends instead of its remaining events (the stream_error fault). */
  streamError(): SseEvent;
  /** Headers every answer carries (request id and the like), set once the answer is ready. */
  responseHeaders(options: { ids: IdentifierSequence; elapsedMs: number }): Record<string, string>;
}
