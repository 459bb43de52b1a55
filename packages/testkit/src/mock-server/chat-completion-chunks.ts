import type { PlannedAnswer } from './answer-plan';
import { type ChatAnswerFrame, finishReasonOf } from './chat-completion-body';
import { splitIntoPieces } from './text-pieces';
import { chatUsageBody } from './token-usage';

function deltasOf(options: { answer: PlannedAnswer; toolCallId: string }): Record<string, unknown>[] {
  const { answer } = options;
  if (answer.kind === 'text') {
    const first = { role: 'assistant', content: '', refusal: null };
    return [first, ...splitIntoPieces(answer.text).map((piece) => ({ content: piece }))];
  }
  const first = {
    role: 'assistant',
    content: null,
    tool_calls: [
      { index: 0, id: options.toolCallId, type: 'function', function: { name: answer.name, arguments: '' } },
    ],
    refusal: null,
  };
  const pieces = splitIntoPieces(answer.arguments, 16).map((piece) => ({
    tool_calls: [{ index: 0, function: { arguments: piece } }],
  }));
  return [first, ...pieces];
}

/**
 * The `chat.completion.chunk` objects of a streamed answer, in order: per choice a role chunk, content or tool-call
 * argument pieces and a chunk with the finish reason. With `include_usage`, every chunk carries `usage: null` and a
 * last chunk with no choices carries the usage, as the real API does; without it no chunk has a `usage` key.
 */
export function chatCompletionChunks(options: { frame: ChatAnswerFrame; includeUsage: boolean }): unknown[] {
  const { frame, includeUsage } = options;
  const chunk = (choices: unknown[]) => ({
    id: frame.id,
    object: 'chat.completion.chunk',
    created: frame.created,
    model: frame.checkpoint.model,
    service_tier: frame.serviceTier,
    system_fingerprint: frame.checkpoint.fingerprint,
    choices,
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: unknown[] = [];
  for (const [index, answer] of frame.answers.entries()) {
    for (const delta of deltasOf({ answer, toolCallId: frame.toolCallIds[index] ?? '' })) {
      chunks.push(chunk([{ index, delta, logprobs: null, finish_reason: null }]));
    }
    chunks.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: finishReasonOf(answer) }]));
  }
  if (includeUsage && frame.usage) {
    chunks.push({ ...chunk([]), usage: chatUsageBody(frame.usage) });
  }
  return chunks;
}
