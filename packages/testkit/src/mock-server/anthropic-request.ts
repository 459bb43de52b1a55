import { contentText } from './content-text';
import { type Conversation, InvalidRequestError, type ResponseFormat, type ToolChoice } from './conversation';
import { asArray, asNumber, asRecord, asString, type JsonRecord } from './json-values';

/** A `POST /v1/messages` body, read into what the mock answers from. */
export interface AnthropicRequest {
  conversation: Conversation;
  /** `thinking: { type: 'enabled' | 'adaptive' }`: the answer starts with a thinking block. */
  thinking: boolean;
  /** The prompt text up to the last block marked `cache_control` (all of it with a top-level one), if any. */
  cachePrefix: string | undefined;
}

interface PromptSegment {
  text: string;
  cached: boolean;
}

function fieldRequired(field: string): InvalidRequestError {
  return new InvalidRequestError({ message: `${field}: Field required`, param: field });
}

function blocksOf(content: unknown): JsonRecord[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return (asArray(content) ?? []).map((block) => asRecord(block) ?? {});
}

function blockText(block: JsonRecord): string {
  switch (block['type']) {
    case 'text':
      return asString(block['text']) ?? '';
    case 'thinking':
      return asString(block['thinking']) ?? '';
    case 'tool_use':
      return (asString(block['name']) ?? '') + JSON.stringify(block['input'] ?? {});
    case 'tool_result':
      return contentText(block['content']);
    default:
      return '';
  }
}

function anthropicToolChoice(value: unknown): ToolChoice {
  const choice = asRecord(value);
  const name = asString(choice?.['name']);
  switch (choice?.['type']) {
    case 'any':
      return { mode: 'required' };
    case 'none':
      return { mode: 'none' };
    case 'tool':
      return name ? { mode: 'named', name } : { mode: 'auto' };
    default:
      return { mode: 'auto' };
  }
}

function anthropicResponseFormat(body: JsonRecord): ResponseFormat {
  const format = asRecord(asRecord(body['output_config'])?.['format']);
  return format?.['type'] === 'json_schema' ? { type: 'json_schema', schema: format['schema'] } : { type: 'text' };
}

function cachePrefixOf(segments: readonly PromptSegment[], cacheEverything: boolean): string | undefined {
  const last = cacheEverything ? segments.length - 1 : segments.findLastIndex((segment) => segment.cached);
  if (last < 0) return undefined;
  return segments
    .slice(0, last + 1)
    .map((segment) => segment.text)
    .join('\n');
}

/** Reads a `POST /v1/messages` body; throws InvalidRequestError where the real API answers 400. */
export function parseAnthropicRequest(body: JsonRecord): AnthropicRequest {
  const requestModel = asString(body['model']);
  if (!requestModel) throw fieldRequired('model');
  const maxTokens = asNumber(body['max_tokens']);
  if (maxTokens === undefined) throw fieldRequired('max_tokens');
  const messages = (asArray(body['messages']) ?? []).map((message) => asRecord(message) ?? {});
  if (messages.length === 0) {
    throw new InvalidRequestError({ message: 'messages: at least one message is required', param: 'messages' });
  }
  const tools = (asArray(body['tools']) ?? []).map((tool) => asRecord(tool) ?? {});
  const segments: PromptSegment[] = tools.map((tool) => ({
    text: JSON.stringify(tool),
    cached: 'cache_control' in tool,
  }));
  const system = blocksOf(body['system']);
  segments.push(...system.map((block) => ({ text: blockText(block), cached: 'cache_control' in block })));
  const messageTexts = [
    ...(tools.length > 0 ? [JSON.stringify(tools)] : []),
    ...(system.length > 0 ? [system.map(blockText).join('\n')] : []),
  ];
  for (const message of messages) {
    const blocks = blocksOf(message['content']);
    segments.push(...blocks.map((block) => ({ text: blockText(block), cached: 'cache_control' in block })));
    messageTexts.push(blocks.map(blockText).join('\n'));
  }
  const lastBlocks = blocksOf(messages.at(-1)?.['content']);
  const toolResult = lastBlocks.findLast((block) => block['type'] === 'tool_result');
  const lastUser = messages.findLast(
    (message) => message['role'] === 'user' && blocksOf(message['content']).some((block) => block['type'] === 'text'),
  );
  const thinkingType = asRecord(body['thinking'])?.['type'];
  return {
    conversation: {
      requestModel,
      messageTexts,
      lastUserText: blocksOf(lastUser?.['content'])
        .filter((block) => block['type'] === 'text')
        .map(blockText)
        .join('\n'),
      lastTurn: toolResult ? 'tool' : 'user',
      lastToolOutput: toolResult ? blockText(toolResult) : '',
      tools: tools.flatMap((tool) => {
        const name = asString(tool['name']);
        return name && tool['input_schema'] !== undefined ? [{ name, parameters: tool['input_schema'] }] : [];
      }),
      toolChoice: anthropicToolChoice(body['tool_choice']),
      responseFormat: anthropicResponseFormat(body),
      maxOutputTokens: maxTokens,
      choiceCount: 1,
      serviceTier: 'standard',
      stream: body['stream'] === true,
    },
    thinking: thinkingType === 'enabled' || thinkingType === 'adaptive',
    cachePrefix: cachePrefixOf(segments, asRecord(body['cache_control']) !== undefined),
  };
}
