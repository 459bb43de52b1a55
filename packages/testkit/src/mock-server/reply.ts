import type { IdentifierSequence } from './identifier-sequence';
import type { PromptCache } from './prompt-cache';
import type { ScenarioState } from './scenario-state';
import type { TokenUsage } from './token-usage';

/** One server-sent event; `event` is the SSE event name (the Responses API names its events). */
export interface SseEvent {
  event?: string;
  data: string;
}

/** What an endpoint answers, before faults that damage the wire (malformed_json, stream_cut) are applied. */
export type Reply =
  | {
      kind: 'json';
      status: number;
      body: unknown;
      headers?: Record<string, string>;
      model?: string;
      usage?: TokenUsage;
    }
  | { kind: 'sse'; events: SseEvent[]; endsWithDone: boolean; model?: string; usage?: TokenUsage };

/** What a model endpoint knows about the call it is answering. */
export interface CallContext {
  callNumber: number;
  scenario: ScenarioState;
  ids: IdentifierSequence;
  /** Prompt prefixes cached by earlier calls (Anthropic `cache_control`). */
  promptCache: PromptCache;
  /** Unix seconds. */
  created: number;
  /** True under the missing_usage fault: the answer carries no usage at all. */
  omitUsage: boolean;
}

export type EndpointHandler = (options: { body: Record<string, unknown>; context: CallContext }) => Reply;
