import { diag } from '@opentelemetry/api';
import { luhnValid } from '../evaluation/credentials';
import {
  AUTHORIZATION_PATTERN,
  CARD_CANDIDATE,
  NAMED_FIELD_PATTERN,
  PRIVATE_KEY_PATTERN,
  SECRET_PATTERN,
  URL_CREDENTIAL_PATTERN,
} from './credential-patterns';
import { REDACTED, redactKeyValues } from './key-value-redaction';
import { knownSecretsPattern } from './known-secrets';

export { REDACTED } from './key-value-redaction';
/** What a value becomes when the user's redaction hook fails: nothing of it is exported (fail closed). */
export const REDACTION_FAILED = '[REDACTION FAILED]';

/** A user redaction step run after the built-in one: it gets text that may be exported, returns what may be. */
export type RedactionHook = (text: string) => string;

/** How a failing hook is reported: `error` when it threw, undefined when it returned something not a string. */
export type RedactionFailureReporter = (error: unknown) => void;

let hook: RedactionHook | undefined;
let reportedFailure = false;
let failureReporter: RedactionFailureReporter = (error) => {
  if (reportedFailure) return;
  reportedFailure = true;
  try {
    // Only the error's class: its message may quote the text the hook was redacting.
    const kind = error instanceof Error ? error.name : typeof error;
    diag.error(
      `@driftwatch/processors: the redaction hook failed (${kind}); the value was replaced by [REDACTION FAILED]`,
    );
  } catch {
    // diag loggers are user code.
  }
};

/**
 * Sets (or clears, with undefined) an extra redaction step for every text Driftwatch exports: captured content,
 * error messages, evaluation explanations, feedback comments. For customer ids, internal host names, anything the
 * built-in credential shapes do not cover. It runs after the built-in redaction; when it throws or returns
 * something other than a string, the whole value is replaced by `[REDACTION FAILED]` (fail closed).
 */
export function setRedactionHook(next: RedactionHook | undefined): void {
  hook = next;
}

/** Where hook failures are reported (the instrumentation counts them in `driftwatch.telemetry.dropped`). */
export function setRedactionFailureReporter(reporter: RedactionFailureReporter): void {
  failureReporter = reporter;
}

function redactCard(candidate: string): string {
  const digits = candidate.replace(/[ -]/g, '');
  return digits.length >= 13 && luhnValid(digits) ? REDACTED : candidate;
}

/**
 * The text with every credential replaced by `[REDACTED]`: the exact secret values Driftwatch knows (clients' API
 * keys, secret environment variables), credential shapes, credentials in URLs and connection strings, the values
 * of secret-named assignments (`password=…`, `"apiKey": "…"`) and of secret-word phrases (`the password is …`),
 * and Luhn-valid card numbers; then the user's hook.
 */
export function redactSecrets(text: string): string {
  let redacted = text.includes('PRIVATE KEY-----') ? text.replace(PRIVATE_KEY_PATTERN, REDACTED) : text;
  const known = knownSecretsPattern();
  if (known !== undefined) redacted = redacted.replace(known, REDACTED);
  redacted = redacted.replace(SECRET_PATTERN, REDACTED);
  if (/authorization/i.test(redacted)) redacted = redacted.replace(AUTHORIZATION_PATTERN, REDACTED);
  if (redacted.includes('://')) redacted = redacted.replace(URL_CREDENTIAL_PATTERN, REDACTED);
  if (redacted.includes('=')) redacted = redacted.replace(NAMED_FIELD_PATTERN, REDACTED);
  redacted = redactKeyValues(redacted);
  if (/\d{4}/.test(redacted)) redacted = redacted.replace(CARD_CANDIDATE, redactCard);
  if (hook === undefined) return redacted;
  try {
    const result = hook(redacted);
    if (typeof result === 'string') return result;
    failureReporter(undefined);
  } catch (error) {
    failureReporter(error);
  }
  return REDACTION_FAILED;
}
