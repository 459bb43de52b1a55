import Ajv, { type ValidateFunction } from 'ajv';
import type { StandardSchemaValidator } from '../types';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function isStandardSchema(schema: unknown): schema is StandardSchemaValidator {
  return typeof schema === 'object' && schema !== null && '~standard' in schema;
}

interface StandardIssue {
  readonly message?: string;
  readonly path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

function issueText(issue: StandardIssue): string {
  const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
  return `${path === '' ? '$' : `$.${path}`}: ${issue.message ?? 'invalid'}`;
}

/** What is wrong with `value` under a JSON Schema or a Standard Schema (zod 4 ...); empty when it conforms. */
export async function schemaIssues(schema: object, value: unknown): Promise<string[]> {
  if (isStandardSchema(schema)) {
    const result = (await schema['~standard'].validate(value)) as { issues?: readonly StandardIssue[] };
    return (result.issues ?? []).map(issueText);
  }
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `$${error.instancePath.replaceAll('/', '.')}: ${error.message}`);
}
