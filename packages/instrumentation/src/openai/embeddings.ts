import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from '@driftwatch/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { ResponseDetails } from '../genai/response-details';
import type { StreamRecorder } from '../genai/stream-observer';
import { asArray, asCount, asRecord, asString, type UnknownRecord } from '../internal/readers';
import type { OperationAdapter } from './operation-adapter';
import { readUsage } from './usage';

const NO_STREAM: StreamRecorder = {
  completed: true,
  observe: () => true,
  details: () => ({}),
};

/** Length of one embedding: a number array, a Float32Array (decoded base64), or a base64 string of float32s. */
function dimensionsOf(embedding: unknown): number | undefined {
  if (Array.isArray(embedding) || ArrayBuffer.isView(embedding)) return (embedding as ArrayLike<number>).length;
  if (typeof embedding === 'string') {
    const padding = embedding.endsWith('==') ? 2 : embedding.endsWith('=') ? 1 : 0;
    return Math.floor(((embedding.length * 3) / 4 - padding) / 4);
  }
  return undefined;
}

/** `embeddings.create`. */
export const embeddingsAdapter: OperationAdapter = {
  operationName: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  apiType: undefined,
  canRequestStreamUsage: false,

  requestAttributes(body: UnknownRecord, attributes: Attributes): void {
    const format = asString(body.encoding_format);
    if (format !== undefined) attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [format];
    const dimensions = asCount(body.dimensions);
    if (dimensions !== undefined) attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = dimensions;
  },

  readResponse(result: unknown): ResponseDetails {
    const details: ResponseDetails = {};
    const response = asRecord(result);
    if (response === undefined) return details;
    details.model = asString(response.model);
    readUsage(response.usage, details);
    // Embeddings bill input only; `prompt_tokens` is the count, never an output.
    details.outputTokens = undefined;
    const first = asRecord(asArray(response.data)?.[0]);
    const dimensions = dimensionsOf(first?.embedding);
    if (dimensions !== undefined) details.embeddingDimensions = dimensions;
    return details;
  },

  createStreamRecorder: () => NO_STREAM,
};
