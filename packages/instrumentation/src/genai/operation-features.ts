import { noteLlmCall } from '../agent/run-context';
import { captureCallInput } from '../content/call-input';
import { trackFallback } from '../fallback/fallback-tracking';
import { type OperationFeature, subscribeToOperations } from './operation-lifecycle';

/** Each LLM call is a step of the agent run it happens in. */
const runSteps: OperationFeature = ({ parent }) => ({ started: () => noteLlmCall(parent) });

/** An LLM call that is a fallback attempt says so on its span; its failure may start the next one. */
const fallbacks: OperationFeature = ({ parent, providerName }) => {
  const tracking = trackFallback(parent, providerName);
  return tracking === undefined ? undefined : { attributes: tracking.attributes, ended: tracking.onEnd };
};

/** With content capture on, the request's content is recorded on the span. */
const contentCapture: OperationFeature = ({ input, contentMaxLength }) => {
  if (input === undefined || contentMaxLength === undefined) return undefined;
  return { started: (operation) => captureCallInput(operation.span, input(), contentMaxLength) };
};

/** The call's content goes to the evaluators (the content contract): a no-op unless they run. */
const evaluation: OperationFeature = ({ input }) => {
  if (input === undefined) return undefined;
  return { started: (operation) => operation.evaluateContent(input) };
};

/** Subscribes Driftwatch's features to every LLM call: called by each instrumentation as it is created. */
export function subscribeOperationFeatures(): void {
  subscribeToOperations(runSteps);
  subscribeToOperations(fallbacks);
  subscribeToOperations(contentCapture);
  subscribeToOperations(evaluation);
}
