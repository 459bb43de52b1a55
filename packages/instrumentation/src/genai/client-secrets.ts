import { rememberSecretValues } from '@driftwatch/processors/internal';

/** Default headers whose value is a credential (`Authorization: Bearer x` counts as `x` too). */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'x-goog-api-key',
]);
/** Default query parameters that are not credentials (Azure's `api-version` is a date). */
const NON_CREDENTIAL_QUERY: ReadonlySet<string> = new Set(['api-version', 'version']);

/** The API key each client had when its secrets were last read: read again only when it changed. */
const keyByClient = new WeakMap<object, unknown>();

interface ClientShape {
  readonly apiKey?: unknown;
  readonly authToken?: unknown;
  readonly baseURL?: unknown;
  readonly _options?: { readonly defaultHeaders?: unknown; readonly defaultQuery?: unknown };
}

/** `[name, value]` pairs of headers given as a record, a `Headers`, an array of pairs, or the SDKs' built form. */
function headerEntries(headers: unknown): Array<[string, unknown]> {
  if (headers === null || typeof headers !== 'object') return [];
  if (Array.isArray(headers)) return headers.filter((entry): entry is [string, unknown] => Array.isArray(entry));
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    const entries: Array<[string, unknown]> = [];
    (headers as Headers).forEach((value, name) => {
      entries.push([name, value]);
    });
    return entries;
  }
  const built = (headers as { values?: unknown }).values;
  if (built !== null && typeof built === 'object' && typeof (built as Headers).forEach === 'function') {
    return headerEntries(built);
  }
  return Object.entries(headers);
}

function credentialOf(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/^(?:Bearer|Basic|Token)\s+/i, '') : value;
}

function urlCredentials(baseURL: unknown): string[] {
  if (typeof baseURL !== 'string' || !baseURL.includes('@')) return [];
  try {
    const url = new URL(baseURL);
    return [url.password, decodeURIComponent(url.password), url.username, decodeURIComponent(url.username)];
  } catch {
    return [];
  }
}

/**
 * Remembers the secrets an `openai` or `@anthropic-ai/sdk` client holds, so that an error repeating them (a proxy
 * answering "invalid key sk-…") is redacted whatever their format: its `apiKey` and `authToken`, the credentials in
 * its `baseURL`, its credential default headers and its default query values. Read again only when the client's
 * key changed (an `apiKey` function resolves later). Never throws; never logs what it read.
 */
export function rememberClientSecrets(client: unknown): void {
  if (client === null || typeof client !== 'object') return;
  try {
    const shape = client as ClientShape;
    const apiKey = shape.apiKey;
    if (keyByClient.has(client) && keyByClient.get(client) === apiKey) return;
    keyByClient.set(client, apiKey);
    const values: unknown[] = [apiKey, shape.authToken, ...urlCredentials(shape.baseURL)];
    for (const [name, value] of headerEntries(shape._options?.defaultHeaders)) {
      if (CREDENTIAL_HEADERS.has(name.toLowerCase())) values.push(value, credentialOf(value));
    }
    const query = shape._options?.defaultQuery;
    if (query !== null && typeof query === 'object') {
      for (const [name, value] of Object.entries(query)) {
        if (!NON_CREDENTIAL_QUERY.has(name.toLowerCase())) values.push(value);
      }
    }
    rememberSecretValues(values);
  } catch {
    // A client whose fields throw on read: nothing remembered from it.
  }
}
