import {
  ATTR_GEN_AI_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '@driftwatch/semconv';
import type { Normalization } from './normalization';
import { conventionsProviderName } from './provider-names';

/** OpenLIT's content attributes (one text each) and its deprecated operation value. */
export const OPENLIT_PROMPT = 'gen_ai.prompt';
export const OPENLIT_COMPLETION = 'gen_ai.completion';
const OPERATION_VALUE_COMPLETION = 'completion';

/**
 * The older GenAI conventions (≤ v1.36) that the contrib instrumentations, OpenLLMetry and OpenLIT still emit:
 * `gen_ai.system` (values like `OpenAI` and `az.ai.openai` mapped), `gen_ai.usage.prompt_tokens`/`completion_tokens`,
 * `gen_ai.openai.response.system_fingerprint`, the operation `completion`, OpenLIT's `gen_ai.prompt`/`gen_ai.completion`
 * texts. A chat span without a request model falls back to the response model.
 */
export function normalizeLegacyGenAi(normalization: Normalization): void {
  normalization.set(ATTR_GEN_AI_PROVIDER_NAME, conventionsProviderName(normalization.readString(ATTR_GEN_AI_SYSTEM)));
  normalization.set(ATTR_GEN_AI_USAGE_INPUT_TOKENS, normalization.readCount(ATTR_GEN_AI_USAGE_PROMPT_TOKENS));
  normalization.set(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, normalization.readCount(ATTR_GEN_AI_USAGE_COMPLETION_TOKENS));
  normalization.set(
    ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
    normalization.readString(ATTR_GEN_AI_OPENAI_RESPONSE_SYSTEM_FINGERPRINT),
  );
  if (normalization.source[ATTR_GEN_AI_OPERATION_NAME] === OPERATION_VALUE_COMPLETION) {
    normalization.added.set(ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION);
  }
  const prompt = normalization.read(OPENLIT_PROMPT);
  if (typeof prompt === 'string' && prompt !== '') {
    normalization.setMessages('input', [{ role: 'user', parts: [{ type: 'text', content: prompt }] }]);
  }
  const completion = normalization.read(OPENLIT_COMPLETION);
  if (typeof completion === 'string' && completion !== '') {
    normalization.setMessages('output', [
      { role: 'assistant', parts: [{ type: 'text', content: completion }], finish_reason: 'stop' },
    ]);
  }
  if (
    normalization.current(ATTR_GEN_AI_OPERATION_NAME) === GEN_AI_OPERATION_NAME_VALUE_CHAT &&
    normalization.current(ATTR_GEN_AI_REQUEST_MODEL) === undefined
  ) {
    const responseModel = normalization.current(ATTR_GEN_AI_RESPONSE_MODEL);
    if (typeof responseModel === 'string') normalization.set(ATTR_GEN_AI_REQUEST_MODEL, responseModel);
  }
}
