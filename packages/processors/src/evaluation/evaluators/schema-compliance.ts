import { ATTR_DRIFTWATCH_TOOL_SCHEMA_ISSUES, ATTR_GEN_AI_TOOL_NAME } from '@driftwatch/semconv';
import { parsedArguments } from '../content/call-content';
import type {
  EvaluationInput,
  EvaluationOutcome,
  EvaluationTarget,
  Evaluator,
  SchemaComplianceOptions,
  StandardSchema,
  StandardSchemaResult,
} from '../types';
import { failed, passed } from './results';

/** Issues listed per check at most. */
const MAX_ISSUES = 3;

interface SchemaCheck {
  /** What was checked: `output`, `arguments of crm_update`, `result`. */
  readonly subject: string;
  readonly schema: StandardSchema;
  readonly value: unknown;
}

/** `$.owner.id: expected string`: the path and message of each issue, never the value. */
function issueLines(result: StandardSchemaResult): string[] {
  if (result.issues === undefined) return [];
  return result.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = (issue.path ?? [])
      .map((segment) => (typeof segment === 'object' && segment !== null ? segment.key : segment))
      .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
      .join('');
    return `$${path}: ${String(issue.message)}`;
  });
}

/** Scores the checks: the share that passed; `fail` with their issues as soon as one failed. */
function scoreChecks(outcomes: ReadonlyArray<{ subject: string; issues: string[] }>): EvaluationOutcome {
  const failures = outcomes.filter((outcome) => outcome.issues.length > 0);
  if (failures.length === 0) return passed();
  const explanation = failures.map((outcome) => `${outcome.subject}: ${outcome.issues.join('; ')}`).join(' | ');
  return failed(explanation, (outcomes.length - failures.length) / outcomes.length);
}

/** Runs the checks; a promise only when some schema validates asynchronously. */
function runChecks(checks: readonly SchemaCheck[]): EvaluationOutcome | Promise<EvaluationOutcome> {
  if (checks.length === 0) return undefined;
  const results = checks.map((check) => check.schema['~standard'].validate(check.value));
  const outcome = (settled: StandardSchemaResult[]) =>
    scoreChecks(
      settled.map((result, index) => ({ subject: checks[index]?.subject ?? '', issues: issueLines(result) })),
    );
  if (results.some((result) => result instanceof Promise)) return Promise.all(results).then(outcome);
  return outcome(results as StandardSchemaResult[]);
}

/** A check whose value could not even be parsed. */
function unparsable(subject: string): SchemaCheck {
  return {
    subject,
    schema: { '~standard': { version: 1, validate: () => ({ issues: [{ message: 'not valid JSON' }] }) } },
    value: undefined,
  };
}

function llmChecks(options: SchemaComplianceOptions, input: EvaluationInput): SchemaCheck[] {
  const checks: SchemaCheck[] = [];
  if (options.output !== undefined) {
    for (const text of input.outputTexts()) {
      try {
        checks.push({ subject: 'output', schema: options.output, value: JSON.parse(text) });
      } catch {
        checks.push(unparsable('output'));
      }
    }
  }
  const argumentSchemas = options.toolArguments;
  if (argumentSchemas !== undefined) {
    for (const call of input.toolCalls()) {
      const schema = Object.hasOwn(argumentSchemas, call.name) ? argumentSchemas[call.name] : undefined;
      if (schema === undefined) continue;
      const value = parsedArguments(call.arguments);
      const subject = `arguments of ${call.name}`;
      checks.push(
        typeof call.arguments === 'string' && value === call.arguments
          ? unparsable(subject)
          : { subject, schema, value },
      );
    }
  }
  return checks;
}

function toolChecks(options: SchemaComplianceOptions, input: EvaluationInput): SchemaCheck[] {
  const tool = input.toolCall();
  const name = input.attributes[ATTR_GEN_AI_TOOL_NAME];
  const schemas = options.toolResults;
  if (tool === undefined || typeof name !== 'string' || schemas === undefined || !Object.hasOwn(schemas, name)) {
    return [];
  }
  const schema = schemas[name];
  return schema === undefined ? [] : [{ subject: 'result', schema, value: tool.result }];
}

/**
 * A schema-compliance evaluator of your own: JSON outputs, tool-call arguments (on the LLM call that asks for the
 * tool) and tool results (on `traceTool` spans), each against a zod 4 or any Standard Schema. The score is the
 * share of checks that passed; the explanation lists failing paths and messages, never values. Synchronous unless
 * a schema validates asynchronously.
 *
 * ```ts
 * registerEvaluator(schemaCompliance({ name: 'lead_schema', output: Lead, toolArguments: { crm_update: Update } }));
 * ```
 */
export function schemaCompliance(options: SchemaComplianceOptions & { name: string }): Evaluator {
  const targets: EvaluationTarget[] = [];
  if (options.output !== undefined || options.toolArguments !== undefined) targets.push('llm');
  if (options.toolResults !== undefined) targets.push('tool');
  return {
    name: options.name,
    targets,
    agents: options.agents,
    models: options.models,
    mode: 'sync',
    evaluate(input) {
      if (input.failed || !input.hasContent) return undefined;
      return runChecks(input.target === 'tool' ? toolChecks(options, input) : llmChecks(options, input));
    },
  };
}

/**
 * `schema_compliance` (built in): on `execute_tool` spans of tools that declared a `resultSchema` in `traceTool`,
 * the tool's own verdict (`driftwatch.tool.schema.issues`, no second validation) as a score, so schema compliance
 * of every tool lands in one metric.
 */
export const toolResultSchemaEvaluator: Evaluator = {
  name: 'schema_compliance',
  targets: ['tool'],
  mode: 'sync',
  evaluate(input: EvaluationInput): EvaluationOutcome {
    if (input.toolCall()?.hasResultSchema !== true) return undefined;
    const issues = input.attributes[ATTR_DRIFTWATCH_TOOL_SCHEMA_ISSUES];
    if (!Array.isArray(issues) || issues.length === 0) return passed();
    return failed(`result: ${issues.slice(0, MAX_ISSUES).join('; ')}`);
  },
};
