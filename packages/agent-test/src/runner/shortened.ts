import { redactSecrets } from '@driftwatch/instrumentation';

/** Longest string kept in a results file; longer ones (padded inputs echoed back) are cut with a marker. */
const MAXIMUM_STRING = 2000;

/** A string for a results file or report: credentials redacted first, then cut to `MAXIMUM_STRING`. */
export function reportable(text: string): string {
  const redacted = redactSecrets(text);
  return redacted.length > MAXIMUM_STRING
    ? `${redacted.slice(0, MAXIMUM_STRING)}… (${redacted.length} characters)`
    : redacted;
}

/**
 * A JSON-safe copy of an output for the results file (shared as a CI artifact): credentials redacted, long strings
 * cut, functions and cycles dropped.
 */
export function shortened(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, field: unknown) =>
      typeof field === 'string' ? reportable(field) : field,
    );
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return reportable(String(value));
  }
}
