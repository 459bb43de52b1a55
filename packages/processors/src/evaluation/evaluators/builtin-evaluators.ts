import type { BuiltinEvaluatorName, Evaluator } from '../types';
import { completenessEvaluator } from './completeness';
import { jsonValidityEvaluator } from './json-validity';
import { piiLeakageEvaluator } from './pii-leakage';
import { promptInjectionEvaluator } from './prompt-injection';
import { refusalEvaluator } from './refusal';
import { toolResultSchemaEvaluator } from './schema-compliance';
import { secretLeakageEvaluator } from './secret-leakage';

/** The built-in evaluators by name, in the order they run. */
export const BUILTIN_EVALUATORS: Readonly<Record<BuiltinEvaluatorName, Evaluator>> = {
  completeness: completenessEvaluator,
  json_validity: jsonValidityEvaluator,
  refusal: refusalEvaluator,
  pii_leakage: piiLeakageEvaluator,
  secret_leakage: secretLeakageEvaluator,
  prompt_injection: promptInjectionEvaluator,
  schema_compliance: toolResultSchemaEvaluator,
};

export const BUILTIN_EVALUATOR_NAMES = Object.keys(BUILTIN_EVALUATORS) as BuiltinEvaluatorName[];
