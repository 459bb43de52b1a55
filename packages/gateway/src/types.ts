/** Options of {@link startGateway}; each has a flag of the `driftwatch-gateway` command. */
export interface GatewayOptions {
  /** Interface to listen on. Flag `--host`. Default: `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Flag `--port`. Default: 4319. */
  port?: number;
  /** Bearer token senders must present (`Authorization: Bearer …`); the command reads `DRIFTWATCH_GATEWAY_TOKEN`. Default: none. */
  token?: string;
  /** Remove the source attributes that normalization read. Flag `--drop-source-attributes`. Default: false. */
  dropSourceAttributes?: boolean;
  /**
   * Redact credentials (API keys, tokens, passwords, credentials in URLs, card numbers) in the captured content of
   * the spans forwarded; evaluators still read the content as received. Flag `--no-redact-content`, env
   * `DRIFTWATCH_GATEWAY_REDACT_CONTENT=false`. Default: true.
   */
  redactContent?: boolean;
  /** Largest request body, compressed or not, in bytes. Default: 16 MiB. */
  maxBodyBytes?: number;
  /** Exports read and processed at once; beyond them senders get 503 with Retry-After. Default: 32. */
  maxConcurrentExports?: number;
  /** Bytes waiting for the next hop, per signal, before senders get 503. Default: 64 MiB. */
  maxQueueBytes?: number;
  /** How long one export to the next hop is retried, in ms. Default: 30000. */
  maxRetryMillis?: number;
  /** The value of `driftwatch.gateway.replica` on derived metrics. Env: `DRIFTWATCH_GATEWAY_REPLICA`. Default: host name. */
  replica?: string;
  /** Most source apps with their own state (processors, metrics). Default: 1000. */
  maxSources?: number;
  /** Per source: most traces and spans held for run roll-ups, and how long. Defaults: 20000, 200000, 600000 ms. */
  maxTraces?: number;
  maxTraceSpans?: number;
  maxTraceAgeMillis?: number;
  /** Spans held for run roll-ups by all sources together (about 150 bytes each). Default: 1000000. */
  maxHeldSpans?: number;
  /** Metric export interval in ms. Env: `OTEL_METRIC_EXPORT_INTERVAL`. Default: 60000. */
  metricExportIntervalMillis?: number;
  /** The clock of the gateway's time windows (log content and its span), in ms since the epoch. Default: `Date.now`. */
  now?: () => number;
}

/** A running gateway. */
export interface Gateway {
  /** `http://host:port` it listens on. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting, sends what is queued and the final metrics, and resolves within `timeoutMillis` (default
   * 5000): what the next hop has not taken by then is given up, counted, and said in one line per kind.
   */
  shutdown(timeoutMillis?: number): Promise<void>;
}
