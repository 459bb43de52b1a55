/** What the mock needs from a chat or Responses request, whichever API it came through. */

export interface ToolDefinition {
  name: string;
  parameters: unknown;
}

export type ToolChoice = { mode: 'auto' | 'none' | 'required' } | { mode: 'named'; name: string };

export type ResponseFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: unknown };

export interface Conversation {
  requestModel: string;
  /** The text of every message, for the input token estimate. */
  messageTexts: string[];
  lastUserText: string;
  /** `tool` when the last message is a tool result, `user` otherwise. */
  lastTurn: 'user' | 'tool';
  lastToolOutput: string;
  tools: ToolDefinition[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  maxOutputTokens: number | undefined;
  choiceCount: number;
  serviceTier: string;
  stream: boolean;
}

/** A request the real API would refuse with 400 invalid_request_error. */
export class InvalidRequestError extends Error {
  readonly param: string | null;

  constructor(options: { message: string; param: string | null }) {
    super(options.message);
    this.param = options.param;
  }
}

/** The tier the API reports: the requested one, with `auto` (and none) answered as `default`. */
export function reportedServiceTier(requested: unknown): string {
  return typeof requested === 'string' && requested !== 'auto' ? requested : 'default';
}

export function requireModel(body: Record<string, unknown>): string {
  const model = body['model'];
  if (typeof model !== 'string' || model === '') {
    throw new InvalidRequestError({ message: 'you must provide a model parameter', param: null });
  }
  return model;
}
