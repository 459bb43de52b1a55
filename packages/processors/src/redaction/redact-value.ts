import { REDACTED, redactSecrets } from './redact-secrets';
import { isSecretName } from './secret-names';

const SCHEMA_TYPES: ReadonlySet<string> = new Set([
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
]);

/** A JSON Schema node (a tool definition's `properties.password`): it describes a value, it holds none. */
function isSchemaNode(value: object): boolean {
  const node = value as Record<string, unknown>;
  const type = node.type;
  if (typeof type === 'string') return SCHEMA_TYPES.has(type);
  if (Array.isArray(type)) return type.every((item) => typeof item === 'string' && SCHEMA_TYPES.has(item));
  return '$ref' in node || 'anyOf' in node || 'oneOf' in node || 'enum' in node;
}

/**
 * A `JSON.stringify` replacer that redacts: the whole value of a property whose name says it holds a credential
 * (`password`, `apiKey`, `Authorization`, `sessionCookie`; not `max_tokens`), numbers too (a PIN is a number),
 * except a JSON Schema node describing such a property; and every other string with {@link redactSecrets}.
 */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key !== '' && value !== undefined && value !== null && isSecretName(key)) {
    if (typeof value !== 'object' || Array.isArray(value) || !isSchemaNode(value)) return REDACTED;
  }
  return typeof value === 'string' ? redactSecrets(value) : value;
}

/** `value` as JSON with {@link redactingReplacer}: what may be exported or sent of it. Throws as JSON.stringify. */
export function redactedJson(value: unknown): string {
  return JSON.stringify(value, redactingReplacer) ?? '';
}
