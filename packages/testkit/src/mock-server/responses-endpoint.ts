import { answerTokens, planAnswer } from './answer-plan';
import { isReasoningModel } from './model-catalog';
import type { EndpointHandler } from './reply';
import { responseEvents } from './response-events';
import { type ResponseFrame, responseObject } from './response-object';
import { responseOutputItems } from './response-output';
import { parseResponsesRequest } from './responses-request';
import { computeUsage, estimateInputTokens } from './token-usage';

/** `POST /v1/responses`, plain or streamed. */
export const handleResponses: EndpointHandler = ({ body, context }) => {
  const conversation = parseResponsesRequest(body);
  const checkpoint = context.scenario.checkpointFor({
    requestModel: conversation.requestModel,
    callNumber: context.callNumber,
  });
  const scripted = context.scenario.scriptedResponseFor(conversation.lastUserText, checkpoint.model);
  const answer = planAnswer({ conversation, scripted, choiceIndex: 0 });
  const usage = computeUsage({
    model: checkpoint.model,
    inputTokens: estimateInputTokens(conversation.messageTexts),
    contentTokens: answerTokens(answer),
    growth: context.scenario.tokenGrowthFor(context.callNumber),
  });
  const frame: ResponseFrame = {
    id: context.ids.next('resp_', 48),
    createdAt: context.created,
    checkpoint,
    conversation,
    request: body,
    output: responseOutputItems({ answer, reasoning: isReasoningModel(checkpoint.model), ids: context.ids }),
    incomplete: answer.kind === 'text' && answer.truncated,
    usage: context.omitUsage ? undefined : usage,
  };
  const reported = { model: checkpoint.model, ...(frame.usage ? { usage: frame.usage } : {}) };
  if (!conversation.stream) {
    return { kind: 'json', status: 200, body: responseObject({ frame, state: 'final' }), ...reported };
  }
  const events = responseEvents(frame).map((event) => ({ event: event.type, data: JSON.stringify(event) }));
  return { kind: 'sse', events, endsWithDone: false, ...reported };
};
