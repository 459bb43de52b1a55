import { redactSecrets } from './redact-secrets';

const TRUNCATION_MARK = '…';
/** Strings are never cut below this, so roles, types and ids survive. */
const MINIMUM_STRING_LENGTH = 64;

export interface BoundedJson {
  readonly json: string;
  readonly truncated: boolean;
}

function serialize(value: unknown, stringLimit: number): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'string') return item;
    const cut = item.length > stringLimit ? item.slice(0, stringLimit) + TRUNCATION_MARK : item;
    return redactSecrets(cut);
  });
}

/**
 * Serialises captured content (an array of messages or parts) to JSON of at most `maxLength` characters, with
 * secrets redacted. Over budget, the longest strings are shortened first (to one common limit found by bisection),
 * then the oldest entries are dropped; the result is always valid JSON.
 */
export function boundedJson(entries: readonly unknown[], maxLength: number): BoundedJson {
  const full = serialize(entries, Number.POSITIVE_INFINITY);
  if (full.length <= maxLength) return { json: full, truncated: false };

  let low = MINIMUM_STRING_LENGTH;
  let high = full.length;
  let best: string | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = serialize(entries, middle);
    if (candidate.length <= maxLength) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (best !== undefined) return { json: best, truncated: true };

  for (let start = 1; start < entries.length; start++) {
    const candidate = serialize(entries.slice(start), MINIMUM_STRING_LENGTH);
    if (candidate.length <= maxLength) return { json: candidate, truncated: true };
  }
  return { json: '[]', truncated: true };
}
