/** Log-event names (GenAI conventions v1.41.1). */

/** @experimental Evaluation result, parented to the evaluated span. */
export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result' as const;
/** @experimental Opt-in details event carrying the inference span's attributes. */
export const EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details' as const;
