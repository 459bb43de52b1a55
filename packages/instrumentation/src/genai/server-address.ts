/** Where a client sends its requests: `server.address` and `server.port`. */
export interface ServerAddress {
  readonly address: string;
  readonly port: number;
}

/** The address and port of an SDK client's `baseURL`, the scheme's default port when none is given. */
export function serverAddressOf(baseURL: unknown): ServerAddress | undefined {
  if (typeof baseURL !== 'string') return undefined;
  try {
    const url = new URL(baseURL);
    const port = url.port === '' ? (url.protocol === 'http:' ? 80 : 443) : Number(url.port);
    // `URL.hostname` keeps an IPv6 literal's brackets; `server.address` is the bare address.
    return { address: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  } catch {
    return undefined;
  }
}
