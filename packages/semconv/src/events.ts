/** Log-event names (GenAI conventions v1.41.1). */

/** @experimental Evaluation result, parented to the evaluated span. */
export const EVENT_GEN_AI_EVALUATION_RESULT = 'gen_ai.evaluation.result' as const;
/** @experimental Opt-in details event carrying the inference span's attributes. */
export const EVENT_GEN_AI_CLIENT_INFERENCE_OPERATION_DETAILS = 'gen_ai.client.inference.operation.details' as const;
/** Driftwatch span event: a response model or `system_fingerprint` not seen before for the requested label. */
export const EVENT_DRIFTWATCH_MODEL_CHANGED = 'driftwatch.model.changed' as const;
/** Driftwatch span event on a run: the app escalated it to a human. */
export const EVENT_DRIFTWATCH_ESCALATION = 'driftwatch.escalation' as const;
/** Driftwatch span event on a run: a business outcome recorded with `recordOutcome`. */
export const EVENT_DRIFTWATCH_OUTCOME = 'driftwatch.outcome' as const;

/** Agent-framework bridges. */
/** Driftwatch span event on a run: a framework agent handed the run to another agent. */
export const EVENT_DRIFTWATCH_AGENT_HANDOFF = 'driftwatch.agent.handoff' as const;
/** Driftwatch span event on a run: a framework guardrail ran (name, triggered). */
export const EVENT_DRIFTWATCH_GUARDRAIL = 'driftwatch.guardrail' as const;
