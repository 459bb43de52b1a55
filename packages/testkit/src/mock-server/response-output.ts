import type { PlannedAnswer } from './answer-plan';
import type { IdentifierSequence } from './identifier-sequence';

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: never[];
}

export interface OutputTextPart {
  type: 'output_text';
  annotations: never[];
  logprobs: never[];
  text: string;
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputTextPart[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'completed';
  arguments: string;
  call_id: string;
  name: string;
}

export type OutputItem = ReasoningItem | MessageItem | FunctionCallItem;

export function outputTextPart(text: string): OutputTextPart {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/** The `output` array of a response: a reasoning item for o-series models, then the message or function call. */
export function responseOutputItems(options: {
  answer: PlannedAnswer;
  reasoning: boolean;
  ids: IdentifierSequence;
}): OutputItem[] {
  const { answer, ids } = options;
  const items: OutputItem[] = [];
  if (options.reasoning) items.push({ id: ids.next('rs_', 48), type: 'reasoning', summary: [] });
  if (answer.kind === 'tool_call') {
    items.push({
      id: ids.next('fc_', 48),
      type: 'function_call',
      status: 'completed',
      arguments: answer.arguments,
      call_id: ids.next('call_', 24),
      name: answer.name,
    });
  } else {
    items.push({
      id: ids.next('msg_', 48),
      type: 'message',
      status: answer.truncated ? 'incomplete' : 'completed',
      role: 'assistant',
      content: [outputTextPart(answer.text)],
    });
  }
  return items;
}
