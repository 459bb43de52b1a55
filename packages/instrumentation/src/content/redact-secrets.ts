import { CREDENTIAL_SHAPES, luhnValid } from '@driftwatch/processors/internal';
import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { countDropped, reportInternalError } from '../internal/guard';

/**
 * Credential shapes that must never leave the process, even when content capture is on: the shapes the
 * `secret_leakage` evaluator knows, plus Stripe publishable keys, npm, SendGrid and Google OAuth tokens, bearer and
 * basic credentials and passwords in URLs. One pattern, compiled once; PEM blocks, `password=`-style assignments
 * and card numbers (checked with Luhn) have passes of their own below.
 */
const SECRET_PATTERN = new RegExp(
  [
    ...CREDENTIAL_SHAPES.map(([, pattern]) => pattern),
    String.raw`\bpk_(?:live|test)_[A-Za-z0-9]{16,}`,
    String.raw`\bnpm_[A-Za-z0-9]{36}`,
    String.raw`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`,
    String.raw`\bya29\.[A-Za-z0-9_-]{20,}`,
    String.raw`\b(?:[Bb]earer|[Bb]asic)\s+[A-Za-z0-9._~+/-]{8,}=*`,
    String.raw`(?<=[a-z][a-z0-9+.-]*://[^\s/:@]*:)[^\s/@]+(?=@)`,
  ].join('|'),
  'g',
);

/**
 * `password: x`, `"api_key": "x"`, also chained (`secret: password: x`): the whole chain goes. A separate pass after
 * the shapes above, so a key word in front of a known shape (`secret: Bearer …`) cannot shadow it. Every repetition
 * is bounded, so the pattern stays linear on adversarial input (a 1 MB run of `1234-1234-…`).
 */
const ASSIGNMENT_PATTERN =
  /\b[A-Za-z0-9_-]{0,32}(?:api[_-]?key|password|passwd|pwd|secret|token|credential)[A-Za-z0-9_-]{0,32}["']?\s{0,4}[:=]\s{0,4}["']?(?:[^\s"',;}:=]{1,64}["']?\s{0,4}[:=]\s{0,4}["']?){0,4}[^\s"',;}]{6,}/gi;

/** A PEM private key block, also cut short (no END line): removed first, before any other shape can split it. */
const PRIVATE_KEY_PATTERN = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** 13 to 19 digits, optionally grouped by spaces or dashes: a card number candidate, kept only when Luhn-valid. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

export const REDACTED = '[REDACTED]';
/** What a value becomes when the user's redaction hook fails: nothing of it is exported (fail closed). */
export const REDACTION_FAILED = '[REDACTION FAILED]';

function redactCard(candidate: string): string {
  const digits = candidate.replace(/[ -]/g, '');
  return digits.length >= 13 && luhnValid(digits) ? REDACTED : candidate;
}

/** A user redaction step run after the built-in one: it gets text that may be exported, returns what may be. */
export type RedactionHook = (text: string) => string;

let hook: RedactionHook | undefined;

/**
 * Sets (or clears, with undefined) an extra redaction step for every captured text: customer ids, internal host
 * names, anything the built-in credential shapes do not cover. It runs after the built-in redaction; when it throws
 * or returns something other than a string, the whole value is replaced by `[REDACTION FAILED]` (fail closed) and
 * the failure is counted in `driftwatch.telemetry.dropped`.
 */
export function setRedactionHook(next: RedactionHook | undefined): void {
  hook = next;
}

/** The text with every credential-shaped substring and Luhn-valid card number replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  let redacted = text.includes('PRIVATE KEY-----') ? text.replace(PRIVATE_KEY_PATTERN, REDACTED) : text;
  redacted = redacted.replace(SECRET_PATTERN, REDACTED).replace(ASSIGNMENT_PATTERN, REDACTED);
  if (/\d{4}/.test(redacted)) redacted = redacted.replace(CARD_CANDIDATE, redactCard);
  if (hook === undefined) return redacted;
  try {
    const result = hook(redacted);
    if (typeof result === 'string') return result;
    countDropped('redaction', 'hook_returned_non_string');
  } catch (error) {
    reportInternalError('redaction.hook', error);
  }
  return REDACTION_FAILED;
}

/**
 * Records an exception event and ERROR status with the message and stack redacted: an app's error messages can
 * carry what a prompt would (a token in a URL, a password in a connection string).
 */
export function recordRedactedException(span: Span, error: unknown, statusMessage: string): void {
  if (error instanceof Error) {
    span.recordException({
      name: error.name,
      message: redactSecrets(error.message),
      stack: error.stack === undefined ? undefined : redactSecrets(error.stack),
    });
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message: statusMessage });
}
