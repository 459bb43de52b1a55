import type { MockScriptedResponse } from '../types';
import type { Conversation, ToolDefinition } from './conversation';
import { exampleFromSchema } from './json-from-schema';
import { estimateTokens } from './token-usage';

export type PlannedAnswer =
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'tool_call'; name: string; arguments: string };

function chosenTool(conversation: Conversation): ToolDefinition | undefined {
  const choice = conversation.toolChoice;
  if (choice.mode === 'none') return undefined;
  if (choice.mode === 'named') {
    return conversation.tools.find((tool) => tool.name === choice.name) ?? { name: choice.name, parameters: {} };
  }
  return conversation.tools[0];
}

function defaultText(options: { conversation: Conversation; choiceIndex: number }): string {
  const { conversation } = options;
  const base =
    conversation.lastTurn === 'tool'
      ? `Mock answer from tool result: ${conversation.lastToolOutput.slice(0, 40)}`
      : `Mock answer to: ${conversation.lastUserText.slice(0, 40)}`;
  return options.choiceIndex > 0 ? `${base} (choice ${options.choiceIndex + 1})` : base;
}

function formattedText(options: { conversation: Conversation; text: string }): string {
  const format = options.conversation.responseFormat;
  if (format.type === 'json_object') return JSON.stringify({ answer: options.text });
  if (format.type === 'json_schema') return JSON.stringify(exampleFromSchema(format.schema));
  return options.text;
}

/** What one choice answers: a tool call while the user has the last word and tools are offered, text otherwise. */
export function planAnswer(options: {
  conversation: Conversation;
  scripted: MockScriptedResponse | undefined;
  choiceIndex: number;
}): PlannedAnswer {
  const { conversation, scripted } = options;
  if (conversation.lastTurn === 'user') {
    if (scripted?.toolCall) {
      return {
        kind: 'tool_call',
        name: scripted.toolCall.name,
        arguments: JSON.stringify(scripted.toolCall.arguments),
      };
    }
    const tool = chosenTool(conversation);
    if (tool) {
      return { kind: 'tool_call', name: tool.name, arguments: JSON.stringify(exampleFromSchema(tool.parameters)) };
    }
  }
  const text = scripted?.content ?? formattedText({ conversation, text: defaultText(options) });
  const limit = conversation.maxOutputTokens;
  if (limit !== undefined && estimateTokens(text) > limit) {
    return { kind: 'text', text: text.slice(0, Math.max(0, limit) * 4), truncated: true };
  }
  return { kind: 'text', text, truncated: false };
}

export function answerTokens(answer: PlannedAnswer): number {
  return answer.kind === 'text' ? estimateTokens(answer.text) : estimateTokens(answer.name + answer.arguments);
}
