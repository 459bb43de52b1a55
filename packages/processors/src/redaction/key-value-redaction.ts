import { isPasswordName, isSecretName } from './secret-names';

export const REDACTED = '[REDACTED]';

/**
 * `name: value`, `"name": "value"`, `NAME=value`, also chained (`secret: password: x`), where the name holds a
 * secret word (checked by {@link isSecretName}, so `author: Jane` or `max_tokens: 4096` stay). Groups: the name,
 * the separator up to the value, the value (the chain's rest). Every repetition is bounded, so the pattern stays
 * linear on adversarial input (a 1 MB run of `1234-1234-…`).
 */
const ASSIGNMENT_PATTERN =
  /(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,32}(?:key|pass|pwd|secret|token|auth|cookie|session|credential)[A-Za-z0-9_.-]{0,32})(["']?\s{0,4}[:=]\s{0,4}["']?)((?:[^\s"',;}:=&)]{1,64}["']?\s{0,4}[:=]\s{0,4}["']?){0,4}[^\s"',;}&)]+)/gi;

/**
 * A secret word followed by a value, in prose: `the password is hunter2`, `api key 0123…`, `session Token Zm9v…`.
 * Groups: the words up to the value, the value. The value goes when it looks like a credential (see
 * {@link looksLikeCredential}), or for a password when it is not an ordinary word (`the password is required`).
 */
const PROSE_PATTERN =
  /\b((?:api[ _-]?key|access[ _-]?key|private[ _-]?key|key|pass(?:word|wd|phrase|code)|pwd|secret|token|credentials?)s?(?:\s{1,4}(?:(?:is|was|=|:)\s{1,4})?|\s{0,4}[:=]\s{0,4})["']?)([^\s"',;)]{3,256})/gi;

/** Words a password sentence goes on with that are not the password (`the password is too short`). */
const ORDINARY_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the is was be not no none too required invalid incorrect wrong missing empty expired correct valid set ' +
    'reset changed protected hashed encrypted stored needed policy must should will can and or for of to in on ' +
    'with by field manager length strength'
  ).split(' '),
);

/** Eight or more characters mixing letters with digits, or upper with lower case and a digit or symbol. */
export function looksLikeCredential(value: string): boolean {
  if (value.length < 8) return false;
  const hasDigit = /\d/.test(value);
  const hasLower = /[a-z]/.test(value);
  const hasUpper = /[A-Z]/.test(value);
  if (hasDigit && (hasLower || hasUpper)) return true;
  return value.length >= 12 && hasLower && hasUpper && /[^A-Za-z0-9]/.test(value);
}

function redactAssignment(match: string, name: string, separator: string, value: string): string {
  if (value === REDACTED) return match;
  if (isSecretName(name)) {
    const bare = value.replace(/["']+$/, '');
    if (bare.length >= 6 || (bare.length > 0 && isPasswordName(name))) {
      return `${name}${separator}${REDACTED}${value.slice(bare.length)}`;
    }
    return match;
  }
  // Not a secret name: the chain after it may still hold one (`note: password: x`).
  return `${name}${separator}${value.replace(ASSIGNMENT_PATTERN, redactAssignment)}`;
}

function redactProse(match: string, words: string, value: string): string {
  if (value === REDACTED || value.startsWith('[')) return match;
  if (looksLikeCredential(value)) return `${words}${REDACTED}`;
  const isPassword = /pass|pwd/i.test(words);
  if (isPassword && /\b(?:is|was)\s/i.test(words) && !ORDINARY_WORDS.has(value.toLowerCase())) {
    return `${words}${REDACTED}`;
  }
  return match;
}

/** Whether the text holds a secret word at all: most texts do not, and skip both passes. */
const SECRET_WORD = /key|pass|pwd|secret|token|auth|cookie|session|credential/i;

/** The text with the values of secret-named assignments and of secret-word phrases replaced by `[REDACTED]`. */
export function redactKeyValues(text: string): string {
  if (!SECRET_WORD.test(text)) return text;
  return text.replace(ASSIGNMENT_PATTERN, redactAssignment).replace(PROSE_PATTERN, redactProse);
}
