import { redactedJson } from '@driftwatch/processors/internal';

const TRUNCATION_MARK = '…';
/** Strings are never cut below this, so roles, types and ids survive. */
const MINIMUM_STRING_LENGTH = 64;
/**
 * A string far over budget is first cut this much past the budget, then redacted, then cut to the budget: a secret
 * across the budget's boundary is whole when it is redacted, so no part of it survives the final cut.
 */
const REDACTION_MARGIN = 1024;

export interface BoundedJson {
  readonly json: string;
  readonly truncated: boolean;
}

/** `value` (already redacted) as JSON, its strings cut to `stringLimit`. */
function serializeCut(value: unknown, stringLimit: number): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && item.length > stringLimit ? item.slice(0, stringLimit) + TRUNCATION_MARK : item,
  );
}

/** Deeper than this, a captured value is cut (`"…"`): no legitimate message nests further. */
const MAXIMUM_DEPTH = 64;

/**
 * A copy of `value` cheap enough to shorten fairly: strings past `limit` cut (marked, {@link REDACTION_MARGIN} past it), containers past `limit / 2`
 * entries cut (a `"…"` entry: each entry costs at least two characters, so the rest could never fit), cycles and
 * depth past {@link MAXIMUM_DEPTH} replaced by `"…"`, and at most `4 * limit` nodes visited in all. A 100 MB value
 * then costs what a few budgets' worth of it costs; the fair shortening below runs on the copy.
 */
function copyWithinBudget(value: unknown, limit: number): unknown {
  let nodes = limit * 4;
  const maxEntries = Math.max(1, Math.floor(limit / 2));
  const ancestors = new Set<object>();
  const copy = (item: unknown, depth: number): unknown => {
    nodes -= 1;
    if (typeof item === 'string') {
      return item.length > limit + REDACTION_MARGIN ? item.slice(0, limit + REDACTION_MARGIN) + TRUNCATION_MARK : item;
    }
    if (typeof item === 'bigint') return String(item);
    if (item === null || typeof item !== 'object') return item;
    if (depth >= MAXIMUM_DEPTH || nodes <= 0 || ancestors.has(item)) return TRUNCATION_MARK;
    const toJSON = (item as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(item), depth + 1);
    ancestors.add(item);
    let result: unknown;
    if (Array.isArray(item)) {
      const items: unknown[] = [];
      for (let index = 0; index < item.length; index++) {
        if (index >= maxEntries || nodes <= 0) {
          items.push(TRUNCATION_MARK);
          break;
        }
        items.push(copy(item[index], depth + 1));
      }
      result = items;
    } else {
      const fields: Record<string, unknown> = {};
      let count = 0;
      for (const key in item as Record<string, unknown>) {
        if (!Object.hasOwn(item, key)) continue;
        if (count++ >= maxEntries || nodes <= 0) {
          fields[TRUNCATION_MARK] = TRUNCATION_MARK;
          break;
        }
        fields[key] = copy((item as Record<string, unknown>)[key], depth + 1);
      }
      result = fields;
    }
    ancestors.delete(item);
    return result;
  };
  return copy(value, 0);
}

/**
 * Whether `value` certainly serialises to more than `limit` characters, found by visiting at most about `limit`
 * nodes (each costs at least one character), so a 100,000-element array is recognised without serialising it.
 */
function surelyOverBudget(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    size += typeof item === 'string' ? item.length + 2 : 1;
    if (size > limit) return true;
    if (item !== null && typeof item === 'object') {
      const children = Array.isArray(item) ? item : Object.values(item as Record<string, unknown>);
      if (children.length > limit) return true;
      for (const child of children) stack.push(child);
    }
    // A cycle would loop: count every visit, so it ends as over budget.
  }
  return false;
}

/**
 * Serialises captured content (an array of messages or parts) to JSON of at most `maxLength` characters, with
 * secrets redacted (every string, and the whole value of secret-named properties), each string before it is cut. Over budget, the longest strings are shortened first (to one common limit found by bisection),
 * then the oldest entries are dropped; the result is always valid JSON. Content far over budget (more than four
 * times), or without a JSON form (cycles, extreme nesting), is first copied within a few budgets (see
 * {@link copyWithinBudget}), so a huge value never costs more than that.
 */
export function boundedJson(entries: readonly unknown[], maxLength: number): BoundedJson {
  let shortened = false;
  let source: readonly unknown[] = entries;
  if (surelyOverBudget(entries, maxLength * 4)) {
    source = copyWithinBudget(entries, maxLength) as unknown[];
    shortened = true;
  }
  let full: string;
  try {
    full = redactedJson(source);
  } catch {
    // No JSON form (a cycle, or nesting deeper than the stack): the budgeted copy has one.
    source = copyWithinBudget(entries, maxLength) as unknown[];
    shortened = true;
    full = redactedJson(source);
  }
  if (full.length <= maxLength) return { json: full, truncated: shortened };
  // Shortened from the redacted form: each string is redacted whole before any cut.
  const redacted = JSON.parse(full) as unknown[];
  let low = MINIMUM_STRING_LENGTH;
  let high = full.length;
  let best: string | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = serializeCut(redacted, middle);
    if (candidate.length <= maxLength) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (best !== undefined) return { json: best, truncated: true };

  for (let start = 1; start < redacted.length; start++) {
    const candidate = serializeCut(redacted.slice(start), MINIMUM_STRING_LENGTH);
    if (candidate.length <= maxLength) return { json: candidate, truncated: true };
  }
  return { json: '[]', truncated: true };
}
