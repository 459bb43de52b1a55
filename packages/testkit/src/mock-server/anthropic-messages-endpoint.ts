import { planAnswer } from './answer-plan';
import { anthropicAnswer } from './anthropic-content';
import { type AnthropicMessageFrame, anthropicMessageBody } from './anthropic-message';
import { anthropicMessageEvents } from './anthropic-message-events';
import { parseAnthropicRequest } from './anthropic-request';
import { anthropicUsage, ledgerUsage } from './anthropic-usage';
import type { EndpointHandler } from './reply';

/**
 * `POST /v1/messages`, the Anthropic Messages API, plain or streamed. Streams keep their usage under the
 * missing_usage fault: the Anthropic SDKs cannot read a stream without it.
 */
export const handleAnthropicMessages: EndpointHandler = ({ body, context }) => {
  const request = parseAnthropicRequest(body);
  const { conversation } = request;
  const checkpoint = context.scenario.checkpointFor({
    requestModel: conversation.requestModel,
    callNumber: context.callNumber,
  });
  const scripted = context.scenario.scriptedResponseFor(conversation.lastUserText, checkpoint.model);
  const content = anthropicAnswer({
    answer: planAnswer({ conversation, scripted, choiceIndex: 0 }),
    conversation,
    thinking: request.thinking,
    ids: context.ids,
  });
  const usage = anthropicUsage({
    request,
    model: checkpoint.model,
    promptCache: context.promptCache,
    contentTokens: content.contentTokens,
    thinkingTokens: content.thinkingTokens,
    growth: context.scenario.tokenGrowthFor(context.callNumber),
  });
  const frame: AnthropicMessageFrame = {
    id: context.ids.next('msg_01', 22),
    model: checkpoint.model,
    blocks: content.blocks,
    stopReason: content.stopReason,
    usage: context.omitUsage && !conversation.stream ? undefined : usage,
  };
  const reported = { model: checkpoint.model, ...(frame.usage ? { usage: ledgerUsage(frame.usage) } : {}) };
  if (!conversation.stream) {
    return { kind: 'json', status: 200, body: anthropicMessageBody(frame), ...reported };
  }
  const events = anthropicMessageEvents(frame).map((event) => ({ event: event.type, data: JSON.stringify(event) }));
  return { kind: 'sse', events, endsWithDone: false, ...reported };
};
