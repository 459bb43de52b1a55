import type { PlannedAnswer } from './answer-plan';
import type { Checkpoint } from './scenario-state';
import { chatUsageBody, type TokenUsage } from './token-usage';

/** The fields a chat answer shares between its plain body and each of its stream chunks. */
export interface ChatAnswerFrame {
  id: string;
  created: number;
  checkpoint: Checkpoint;
  serviceTier: string;
  answers: PlannedAnswer[];
  toolCallIds: string[];
  usage: TokenUsage | undefined;
}

export function finishReasonOf(answer: PlannedAnswer): 'stop' | 'length' | 'tool_calls' {
  if (answer.kind === 'tool_call') return 'tool_calls';
  return answer.truncated ? 'length' : 'stop';
}

function messageOf(options: { answer: PlannedAnswer; toolCallId: string }) {
  const { answer } = options;
  if (answer.kind === 'text') {
    return { role: 'assistant', content: answer.text, refusal: null, annotations: [] };
  }
  return {
    role: 'assistant',
    content: null,
    tool_calls: [
      { id: options.toolCallId, type: 'function', function: { name: answer.name, arguments: answer.arguments } },
    ],
    refusal: null,
    annotations: [],
  };
}

/** A `chat.completion` object as the real API returns it. */
export function chatCompletionBody(frame: ChatAnswerFrame) {
  return {
    id: frame.id,
    object: 'chat.completion',
    created: frame.created,
    model: frame.checkpoint.model,
    choices: frame.answers.map((answer, index) => ({
      index,
      message: messageOf({ answer, toolCallId: frame.toolCallIds[index] ?? '' }),
      logprobs: null,
      finish_reason: finishReasonOf(answer),
    })),
    ...(frame.usage ? { usage: chatUsageBody(frame.usage) } : {}),
    service_tier: frame.serviceTier,
    system_fingerprint: frame.checkpoint.fingerprint,
  };
}
