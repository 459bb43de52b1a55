import { asArray, asRecord, asString, type JsonRecord } from './json-values';

const MAXIMUM_DEPTH = 8;

const STRING_BY_FORMAT: Readonly<Record<string, string>> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '00:00:00',
  email: 'mock@example.com',
  uri: 'https://example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function resolveReference(options: { reference: string; root: JsonRecord }): unknown {
  const segments = options.reference.replace(/^#\//, '').split('/');
  let current: unknown = options.root;
  for (const segment of segments) {
    current = asRecord(current)?.[segment];
  }
  return current;
}

function firstType(schema: JsonRecord): string | undefined {
  const types = asArray(schema['type']);
  if (types) return types.map(asString).find((type) => type !== undefined && type !== 'null');
  const type = asString(schema['type']);
  if (type) return type;
  return asRecord(schema['properties']) ? 'object' : undefined;
}

function objectExample(options: { schema: JsonRecord; root: JsonRecord; depth: number }): JsonRecord {
  const properties = asRecord(options.schema['properties']) ?? {};
  const required = asArray(options.schema['required'])?.map(asString);
  const keys = required ? required.filter((key): key is string => key !== undefined) : Object.keys(properties);
  const result: JsonRecord = {};
  for (const key of keys) {
    result[key] = example({ schema: properties[key], root: options.root, depth: options.depth + 1, key });
  }
  return result;
}

function example(options: { schema: unknown; root: JsonRecord; depth: number; key?: string }): unknown {
  const schema = asRecord(options.schema);
  if (!schema || options.depth > MAXIMUM_DEPTH) return null;
  const next = { root: options.root, depth: options.depth + 1, key: options.key };
  const reference = asString(schema['$ref']);
  if (reference) return example({ ...next, schema: resolveReference({ reference, root: options.root }) });
  if ('const' in schema) return schema['const'];
  const choices = asArray(schema['enum']);
  if (choices && choices.length > 0) return choices[0];
  const variants = asArray(schema['anyOf']) ?? asArray(schema['oneOf']) ?? asArray(schema['allOf']);
  if (variants) {
    const variant = variants.find((candidate) => asRecord(candidate)?.['type'] !== 'null') ?? variants[0];
    return example({ ...next, schema: variant });
  }
  switch (firstType(schema)) {
    case 'object':
      return objectExample({ schema, root: options.root, depth: options.depth });
    case 'array':
      return [example({ ...next, schema: schema['items'] })];
    case 'string':
      return STRING_BY_FORMAT[asString(schema['format']) ?? ''] ?? `mock ${options.key ?? 'value'}`;
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** A value that satisfies a JSON schema in the common cases: required (or all) properties, type-appropriate leaves. */
export function exampleFromSchema(schema: unknown): unknown {
  return example({ schema, root: asRecord(schema) ?? {}, depth: 0 });
}
