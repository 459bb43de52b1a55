/** Longest string kept in a results file; longer ones (padded inputs echoed back) are cut with a marker. */
const MAXIMUM_STRING = 2000;

/** A JSON-safe copy of an output for the results file: long strings cut, functions and cycles dropped. */
export function shortened(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, field: unknown) =>
      typeof field === 'string' && field.length > MAXIMUM_STRING
        ? `${field.slice(0, MAXIMUM_STRING)}… (${field.length} characters)`
        : field,
    );
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return String(value);
  }
}
