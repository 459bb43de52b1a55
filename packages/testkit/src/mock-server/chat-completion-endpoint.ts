import { answerTokens, planAnswer } from './answer-plan';
import { type ChatAnswerFrame, chatCompletionBody } from './chat-completion-body';
import { chatCompletionChunks } from './chat-completion-chunks';
import { parseChatRequest } from './chat-request';
import { asRecord } from './json-values';
import type { EndpointHandler } from './reply';
import { computeUsage, estimateInputTokens } from './token-usage';

/** `POST /v1/chat/completions`, plain or streamed. */
export const handleChatCompletion: EndpointHandler = ({ body, context }) => {
  const conversation = parseChatRequest(body);
  const checkpoint = context.scenario.checkpointFor({
    requestModel: conversation.requestModel,
    callNumber: context.callNumber,
  });
  const scripted = context.scenario.scriptedResponseFor(conversation.lastUserText, checkpoint.model);
  const answers = Array.from({ length: conversation.choiceCount }, (_, choiceIndex) =>
    planAnswer({ conversation, scripted, choiceIndex }),
  );
  const usage = computeUsage({
    model: checkpoint.model,
    inputTokens: estimateInputTokens(conversation.messageTexts),
    contentTokens: answers.reduce((total, answer) => total + answerTokens(answer), 0),
    growth: context.scenario.tokenGrowthFor(context.callNumber),
  });
  const frame: ChatAnswerFrame = {
    id: context.ids.next('chatcmpl-', 29),
    created: context.created,
    checkpoint,
    serviceTier: conversation.serviceTier,
    answers,
    toolCallIds: answers.map(() => context.ids.next('call_', 24)),
    usage: context.omitUsage ? undefined : usage,
  };
  const reported = { model: checkpoint.model, ...(frame.usage ? { usage: frame.usage } : {}) };
  if (!conversation.stream) {
    return { kind: 'json', status: 200, body: chatCompletionBody(frame), ...reported };
  }
  const includeUsage = asRecord(body['stream_options'])?.['include_usage'] === true;
  const chunks = chatCompletionChunks({ frame, includeUsage });
  return {
    kind: 'sse',
    events: chunks.map((chunk) => ({ data: JSON.stringify(chunk) })),
    endsWithDone: true,
    model: checkpoint.model,
    ...(includeUsage && frame.usage ? { usage: frame.usage } : {}),
  };
};
