import type { Conversation } from './conversation';
import type { JsonRecord } from './json-values';
import type { OutputItem } from './response-output';
import type { Checkpoint } from './scenario-state';
import { responsesUsageBody, type TokenUsage } from './token-usage';

export interface ResponseFrame {
  id: string;
  createdAt: number;
  checkpoint: Checkpoint;
  conversation: Conversation;
  request: JsonRecord;
  output: OutputItem[];
  incomplete: boolean;
  usage: TokenUsage | undefined;
}

function echoed(request: JsonRecord, key: string, fallback: unknown): unknown {
  return request[key] ?? fallback;
}

/** A `response` object. `state` in_progress gives the snapshot of the first stream events: no output, no usage. */
export function responseObject(options: { frame: ResponseFrame; state: 'in_progress' | 'final' }) {
  const { frame } = options;
  const final = options.state === 'final';
  const status = final ? (frame.incomplete ? 'incomplete' : 'completed') : 'in_progress';
  const request = frame.request;
  return {
    id: frame.id,
    object: 'response',
    created_at: frame.createdAt,
    status,
    background: false,
    completed_at: final && !frame.incomplete ? frame.createdAt : null,
    error: null,
    incomplete_details: final && frame.incomplete ? { reason: 'max_output_tokens' } : null,
    instructions: echoed(request, 'instructions', null),
    max_output_tokens: echoed(request, 'max_output_tokens', null),
    metadata: echoed(request, 'metadata', {}),
    model: frame.checkpoint.model,
    output: final ? frame.output : [],
    parallel_tool_calls: echoed(request, 'parallel_tool_calls', true),
    previous_response_id: echoed(request, 'previous_response_id', null),
    reasoning: echoed(request, 'reasoning', { effort: null, summary: null }),
    service_tier: frame.conversation.serviceTier,
    store: echoed(request, 'store', true),
    temperature: echoed(request, 'temperature', 1),
    text: echoed(request, 'text', { format: { type: 'text' } }),
    tool_choice: echoed(request, 'tool_choice', 'auto'),
    tools: echoed(request, 'tools', []),
    top_p: echoed(request, 'top_p', 1),
    truncation: echoed(request, 'truncation', 'disabled'),
    usage: final && frame.usage ? responsesUsageBody(frame.usage) : null,
    user: echoed(request, 'user', null),
  };
}
