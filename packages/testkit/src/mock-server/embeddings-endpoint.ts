import { InvalidRequestError, requireModel } from './conversation';
import { base64Float32, embeddingVector } from './embedding-vector';
import { asArray, asNumber } from './json-values';
import { defaultEmbeddingDimensions, resolveCheckpoint } from './model-catalog';
import type { EndpointHandler } from './reply';
import { estimateTokens } from './token-usage';

interface EmbeddingInput {
  text: string;
  tokens: number;
}

function embeddingInputs(input: unknown): EmbeddingInput[] {
  const fromValue = (value: unknown): EmbeddingInput | undefined => {
    if (typeof value === 'string') return { text: value, tokens: estimateTokens(value) };
    const tokens = asArray(value);
    return tokens?.every((token) => typeof token === 'number')
      ? { text: tokens.join(' '), tokens: tokens.length }
      : undefined;
  };
  const single = fromValue(input);
  if (single && !(Array.isArray(input) && input.length === 0)) return [single];
  const list = (asArray(input) ?? []).map(fromValue);
  if (list.length === 0 || list.some((entry) => entry === undefined)) {
    throw new InvalidRequestError({
      message: "Invalid 'input': expected a string or an array of strings.",
      param: 'input',
    });
  }
  return list.filter((entry): entry is EmbeddingInput => entry !== undefined);
}

/** `POST /v1/embeddings`: float arrays, or base64 little-endian float32 with `encoding_format: 'base64'`. */
export const handleEmbeddings: EndpointHandler = ({ body, context }) => {
  const requestModel = requireModel(body);
  const model = resolveCheckpoint(requestModel);
  const inputs = embeddingInputs(body['input']);
  const dimensions = Math.max(1, Math.floor(asNumber(body['dimensions']) ?? defaultEmbeddingDimensions(model)));
  const base64 = body['encoding_format'] === 'base64';
  const data = inputs.map((input, index) => {
    const vector = embeddingVector({ model, input: input.text, dimensions });
    return { object: 'embedding', index, embedding: base64 ? base64Float32(vector) : vector };
  });
  const growth = context.scenario.tokenGrowthFor(context.callNumber);
  const inputTokens = inputs.reduce((total, input) => total + input.tokens, 0) + growth.inputTokens;
  const usage = { inputTokens, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
  const responseBody = {
    object: 'list',
    data,
    model,
    ...(context.omitUsage ? {} : { usage: { prompt_tokens: inputTokens, total_tokens: inputTokens } }),
  };
  return { kind: 'json', status: 200, body: responseBody, model, ...(context.omitUsage ? {} : { usage }) };
};
