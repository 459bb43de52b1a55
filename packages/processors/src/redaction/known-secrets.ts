/**
 * The exact secret values Driftwatch can see, redacted wherever they appear even when no shape matches them (an
 * Azure key is 32 hex digits; a proxy's key can be anything): the API keys and credential headers of the clients
 * the instrumentations observe, and the values of environment variables named `*_API_KEY`, `*_TOKEN`, `*_SECRET`
 * or `*_PASSWORD` (read once). Values shorter than {@link MINIMUM_SECRET_LENGTH} are ignored: they would redact
 * ordinary words. The values are only held in memory to be matched; nothing logs them.
 */
const MINIMUM_SECRET_LENGTH = 8;
/** Beyond this many values, new ones are ignored: the pattern stays small. */
const MAXIMUM_SECRET_COUNT = 256;
const SECRET_VARIABLE = /(?:^|_)(?:API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_KEY)$/i;

const values = new Set<string>();
let environmentRead = false;
let pattern: RegExp | undefined;
let patternStale = false;

function escapeForPattern(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function add(value: string): void {
  if (value.length < MINIMUM_SECRET_LENGTH || values.size >= MAXIMUM_SECRET_COUNT || values.has(value)) return;
  values.add(value);
  // Also as it appears in a URL (`?key=a%2Fb`).
  const encoded = encodeURIComponent(value);
  if (encoded !== value && values.size < MAXIMUM_SECRET_COUNT) values.add(encoded);
  patternStale = true;
}

function readEnvironment(): void {
  environmentRead = true;
  try {
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && SECRET_VARIABLE.test(name)) add(value.trim());
    }
  } catch {
    // A process.env proxy that throws: no values from it.
  }
}

/** Remembers secret values to redact wherever they appear; non-strings and short values are ignored. */
export function rememberSecretValues(candidates: Iterable<unknown>): void {
  for (const candidate of candidates) if (typeof candidate === 'string') add(candidate.trim());
}

/** One pattern matching every remembered value, longest first; undefined while there is none. */
export function knownSecretsPattern(): RegExp | undefined {
  if (!environmentRead) readEnvironment();
  if (patternStale) {
    patternStale = false;
    const sorted = [...values].sort((left, right) => right.length - left.length);
    pattern = sorted.length === 0 ? undefined : new RegExp(sorted.map(escapeForPattern).join('|'), 'g');
  }
  return pattern;
}
