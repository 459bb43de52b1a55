import { isDeepStrictEqual } from 'node:util';

/**
 * Where `actual` differs from `expected`, as paths (`verdict.qualified: expected true, got false`): objects match
 * when every expected field matches (extra fields are fine), anything else must be deeply equal.
 */
export function mismatches(expected: unknown, actual: unknown, path = '$'): string[] {
  if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual) ?? 'undefined'}`];
    }
    return Object.entries(expected).flatMap(([key, value]) =>
      mismatches(value, (actual as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  if (isDeepStrictEqual(expected, actual)) return [];
  return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual) ?? 'undefined'}`];
}
