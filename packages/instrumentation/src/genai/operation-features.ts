import { noteLlmCall } from '../agent/run-context';
import { captureCallInput } from '../content/call-input';
import { trackFallback } from '../fallback/fallback-tracking';
import { type OperationFeature, type OperationListener, subscribeToOperations } from './operation-lifecycle';

/** Each LLM call is a step of the agent run it happens in. */
const RUN_STEP: OperationListener = { started: (_operation, { parent }) => noteLlmCall(parent) };
const runSteps: OperationFeature = () => RUN_STEP;

/** An LLM call that is a fallback attempt says so on its span; its failure may start the next one. */
const fallbacks: OperationFeature = ({ parent, providerName }) => {
  const tracking = trackFallback(parent, providerName);
  return tracking === undefined ? undefined : { attributes: tracking.attributes, ended: tracking.onEnd };
};

/** With content capture on, the request's content is recorded on the span. */
const CAPTURE: OperationListener = {
  started: (operation, { input, contentMaxLength }) => {
    if (input !== undefined && contentMaxLength !== undefined)
      captureCallInput(operation.span, input(), contentMaxLength);
  },
};
const contentCapture: OperationFeature = ({ input, contentMaxLength }) =>
  input === undefined || contentMaxLength === undefined ? undefined : CAPTURE;

/** The call's content goes to the evaluators (the content contract): a no-op unless they run. */
const EVALUATION: OperationListener = {
  started: (operation, { input }) => {
    if (input !== undefined) operation.evaluateContent(input);
  },
};
const evaluation: OperationFeature = ({ input }) => (input === undefined ? undefined : EVALUATION);

/** Subscribes Driftwatch's features to every LLM call: called by each instrumentation as it is created. */
export function subscribeOperationFeatures(): void {
  subscribeToOperations(runSteps);
  subscribeToOperations(fallbacks);
  subscribeToOperations(contentCapture);
  subscribeToOperations(evaluation);
}
