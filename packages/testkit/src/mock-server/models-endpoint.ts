import { listModelIds } from './model-catalog';
import { openAiErrorBody } from './openai-error-body';
import type { Reply } from './reply';

const MODEL_CREATED = 1_715_367_049;

function modelObject(id: string) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
}

/** `GET /v1/models` and `GET /v1/models/{id}`. */
export function handleModels(modelId: string | undefined): Reply {
  if (modelId === undefined) {
    return { kind: 'json', status: 200, body: { object: 'list', data: listModelIds().map(modelObject) } };
  }
  if (listModelIds().includes(modelId)) return { kind: 'json', status: 200, body: modelObject(modelId) };
  const message = `The model '${modelId}' does not exist`;
  return {
    kind: 'json',
    status: 404,
    body: openAiErrorBody({ message, type: 'invalid_request_error', param: 'model', code: 'model_not_found' }),
  };
}
