import type { PlannedAnswer } from './answer-plan';
import type { Conversation } from './conversation';
import type { IdentifierSequence } from './identifier-sequence';
import { estimateTokens } from './token-usage';

export type AnthropicContentBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use';

/** The content of an answer: thinking first when requested, then text, or a short preface and a `tool_use`. */
export interface AnthropicAnswer {
  blocks: AnthropicContentBlock[];
  stopReason: AnthropicStopReason;
  /** Output tokens of the text and tool blocks. */
  contentTokens: number;
  /** Output tokens of the thinking block (part of the output tokens). */
  thinkingTokens: number;
}

function thinkingText(conversation: Conversation): string {
  return conversation.lastTurn === 'tool'
    ? `The tool answered: ${conversation.lastToolOutput.slice(0, 40)}. Summarise it for the user.`
    : `The user asks: ${conversation.lastUserText.slice(0, 40)}. Answer briefly.`;
}

/** Builds the content blocks of a Messages API answer from the planned answer. */
export function anthropicAnswer(options: {
  answer: PlannedAnswer;
  conversation: Conversation;
  thinking: boolean;
  ids: IdentifierSequence;
}): AnthropicAnswer {
  const { answer, conversation, ids } = options;
  const blocks: AnthropicContentBlock[] = [];
  let thinkingTokens = 0;
  if (options.thinking) {
    const thinking = thinkingText(conversation);
    thinkingTokens = estimateTokens(thinking);
    blocks.push({ type: 'thinking', thinking, signature: Buffer.from(ids.next('sig_', 48)).toString('base64') });
  }
  if (answer.kind === 'text') {
    blocks.push({ type: 'text', text: answer.text });
    return {
      blocks,
      stopReason: answer.truncated ? 'max_tokens' : 'end_turn',
      contentTokens: estimateTokens(answer.text),
      thinkingTokens,
    };
  }
  let contentTokens = estimateTokens(answer.name + answer.arguments);
  // Claude says what it is about to do before a tool call it chose itself; a forced tool call comes alone.
  if (conversation.toolChoice.mode === 'auto') {
    const preface = `I'll use the ${answer.name} tool.`;
    blocks.push({ type: 'text', text: preface });
    contentTokens += estimateTokens(preface);
  }
  blocks.push({
    type: 'tool_use',
    id: ids.next('toolu_01', 22),
    name: answer.name,
    input: JSON.parse(answer.arguments),
  });
  return { blocks, stopReason: 'tool_use', contentTokens, thinkingTokens };
}
