import type { AnthropicContentBlock, AnthropicStopReason } from './anthropic-content';
import { type AnthropicUsage, anthropicUsageBody } from './anthropic-usage';

/** What a Messages API answer shares between its plain body and its stream events. */
export interface AnthropicMessageFrame {
  id: string;
  model: string;
  blocks: AnthropicContentBlock[];
  stopReason: AnthropicStopReason;
  /** Undefined under the missing_usage fault (plain bodies only). */
  usage: AnthropicUsage | undefined;
}

/** A `message` object as the real API returns it. */
export function anthropicMessageBody(frame: AnthropicMessageFrame) {
  return {
    id: frame.id,
    type: 'message',
    role: 'assistant',
    model: frame.model,
    content: frame.blocks,
    stop_reason: frame.stopReason,
    stop_sequence: null,
    ...(frame.usage ? { usage: anthropicUsageBody(frame.usage) } : {}),
  };
}
