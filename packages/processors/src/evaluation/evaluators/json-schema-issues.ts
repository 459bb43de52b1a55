import { asArray, asRecord, type UnknownRecord } from '../../internal/readers';

/** Issues reported at most; validation stops at the last. */
const MAX_ISSUES = 3;
/** Values visited at most: a huge document is checked this far, the rest is taken as valid. */
const MAX_VISITS = 20_000;
/** Deeper values are not checked (a schema deeper than this is unusual; a document deeper is not worth it). */
const MAX_DEPTH = 64;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, actual: string): boolean {
  if (typeof expected === 'string') return expected === actual || (expected === 'number' && actual === 'integer');
  const list = asArray(expected);
  return list === undefined || list.some((item) => typeMatches(item, actual));
}

interface Visit {
  readonly schema: UnknownRecord;
  readonly value: unknown;
  readonly path: string;
  readonly depth: number;
}

/** One pass over a value against the subset of JSON Schema that structured outputs use. */
class SchemaCheck {
  readonly issues: string[] = [];
  private readonly definitions: UnknownRecord | undefined;
  private readonly stack: Visit[] = [];
  private visits = 0;

  constructor(root: UnknownRecord) {
    this.definitions = asRecord(root.$defs) ?? asRecord(root.definitions);
  }

  run(schema: UnknownRecord, value: unknown): string[] {
    this.stack.push({ schema, value, path: '$', depth: 0 });
    while (this.stack.length > 0 && this.issues.length < MAX_ISSUES && this.visits < MAX_VISITS) {
      this.visit(this.stack.pop() as Visit);
    }
    return this.issues;
  }

  /** `#/$defs/name` references, one level (recursive schemas resolve again at each visit). */
  private resolve(schema: UnknownRecord): UnknownRecord {
    const reference = schema.$ref;
    if (typeof reference !== 'string') return schema;
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(reference)?.[1];
    return (name === undefined ? undefined : asRecord(this.definitions?.[name])) ?? {};
  }

  private visit(visit: Visit): void {
    this.visits += 1;
    const schema = this.resolve(visit.schema);
    const { value, path } = visit;
    const actual = typeOf(value);
    if (schema.type !== undefined && !typeMatches(schema.type, actual)) {
      this.issues.push(`${path}: expected ${String(schema.type)}, got ${actual}`);
      return;
    }
    const allowed = asArray(schema.enum);
    if (allowed !== undefined && !allowed.some((item) => item === value)) {
      this.issues.push(`${path}: not one of the allowed values`);
      return;
    }
    if ('const' in schema && schema.const !== value && typeof value !== 'object') {
      this.issues.push(`${path}: not the constant value`);
      return;
    }
    const alternatives = asArray(schema.anyOf) ?? asArray(schema.oneOf);
    if (alternatives !== undefined) {
      this.checkAlternatives(alternatives, visit);
      return;
    }
    if (visit.depth >= MAX_DEPTH) return;
    if (actual === 'object') this.checkObject(schema, value as UnknownRecord, visit);
    else if (actual === 'array') this.checkArray(schema, value as unknown[], visit);
  }

  private checkAlternatives(alternatives: readonly unknown[], visit: Visit): void {
    for (const alternative of alternatives) {
      const candidate = asRecord(alternative);
      if (candidate === undefined) continue;
      const nested = new SchemaCheck({ $defs: this.definitions });
      if (nested.run(candidate, visit.value).length === 0) return;
    }
    this.issues.push(`${visit.path}: matches none of the alternatives`);
  }

  private checkObject(schema: UnknownRecord, value: UnknownRecord, visit: Visit): void {
    const properties = asRecord(schema.properties);
    for (const name of asArray(schema.required) ?? []) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) this.issues.push(`${visit.path}.${name}: missing`);
    }
    for (const name of Object.keys(value)) {
      const property = asRecord(properties?.[name]);
      if (property !== undefined) {
        this.stack.push({
          schema: property,
          value: value[name],
          path: `${visit.path}.${name}`,
          depth: visit.depth + 1,
        });
      } else if (schema.additionalProperties === false) {
        this.issues.push(`${visit.path}.${name}: not allowed`);
      }
    }
  }

  private checkArray(schema: UnknownRecord, value: unknown[], visit: Visit): void {
    const items = asRecord(schema.items);
    if (items === undefined) return;
    for (let index = value.length - 1; index >= 0; index -= 1) {
      this.stack.push({ schema: items, value: value[index], path: `${visit.path}[${index}]`, depth: visit.depth + 1 });
    }
  }
}

/**
 * Where `value` fails `schema`, for the JSON Schema subset of structured outputs: `type`, `properties`,
 * `required`, `additionalProperties: false`, `items`, `enum`, `const`, `anyOf`/`oneOf` and local `$ref`s. Paths
 * and expectations only, never values; at most 3 issues. Iterative and bounded (20,000 values, depth 64), so a
 * huge or deeply nested document costs little and cannot overflow the stack.
 */
export function jsonSchemaIssues(schema: unknown, value: unknown): string[] {
  const root = asRecord(schema);
  if (root === undefined) return [];
  return new SchemaCheck(root).run(root, value);
}
