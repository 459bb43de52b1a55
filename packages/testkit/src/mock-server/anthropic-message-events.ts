import type { AnthropicContentBlock } from './anthropic-content';
import type { AnthropicMessageFrame } from './anthropic-message';
import { type AnthropicUsage, anthropicUsageBody } from './anthropic-usage';
import { splitIntoPieces } from './text-pieces';

type EventBody = Record<string, unknown> & { type: string };

function blockStart(block: AnthropicContentBlock): Record<string, unknown> {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'text':
      return { type: 'text', text: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

function blockDeltas(block: AnthropicContentBlock): Record<string, unknown>[] {
  switch (block.type) {
    case 'thinking':
      return [
        ...splitIntoPieces(block.thinking).map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'text':
      return splitIntoPieces(block.text).map((text) => ({ type: 'text_delta', text }));
    case 'tool_use':
      return ['', ...splitIntoPieces(JSON.stringify(block.input), 16)].map((partial_json) => ({
        type: 'input_json_delta',
        partial_json,
      }));
  }
}

/** `message_start` carries the input counts and a placeholder output count; `message_delta` the final ones. */
function startUsage(usage: AnthropicUsage) {
  return { ...anthropicUsageBody({ ...usage, thinkingTokens: 0 }), output_tokens: 1 };
}

function deltaUsage(usage: AnthropicUsage) {
  const { cache_creation: _creation, service_tier: _tier, ...body } = anthropicUsageBody(usage);
  return body;
}

/**
 * The events of a streamed Message, in the real API's order: `message_start`, then per content block
 * `content_block_start` (a `ping` after the first), its deltas (`thinking_delta` and `signature_delta`,
 * `text_delta`, `input_json_delta`) and `content_block_stop`, then `message_delta` with the stop reason and the
 * final usage, and `message_stop`.
 */
export function anthropicMessageEvents(frame: AnthropicMessageFrame): EventBody[] {
  const usage = frame.usage;
  const events: EventBody[] = [
    {
      type: 'message_start',
      message: {
        id: frame.id,
        type: 'message',
        role: 'assistant',
        model: frame.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        ...(usage ? { usage: startUsage(usage) } : {}),
      },
    },
  ];
  for (const [index, block] of frame.blocks.entries()) {
    events.push({ type: 'content_block_start', index, content_block: blockStart(block) });
    if (index === 0) events.push({ type: 'ping' });
    for (const delta of blockDeltas(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  }
  events.push({
    type: 'message_delta',
    delta: { stop_reason: frame.stopReason, stop_sequence: null },
    ...(usage ? { usage: deltaUsage(usage) } : {}),
  });
  events.push({ type: 'message_stop' });
  return events;
}
