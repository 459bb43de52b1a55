/** What `withFallback` tells `call` about the attempt it makes. */
export interface FallbackAttemptInfo {
  /** 1-based: 1 for the primary, 2 for the first fallback… */
  readonly attempt: number;
  /** The error that ended the previous attempt; undefined on the first. */
  readonly previousError: unknown;
}

/** Options of {@link withFallback}. */
export interface FallbackOptions<Target> {
  /**
   * Whether a failure moves on to the next target. Default: {@link isRetryableError} (429, 408, 409, 5xx and 529,
   * overloaded stream errors, connection errors and timeouts; not 400/401/403/404 nor the app's own abort).
   * A predicate that throws counts as "not retryable": the error reaches the app.
   */
  isRetryable?: (error: unknown, target: Target) => boolean;
  /**
   * The provider name of a target on spans and metrics (`openai`, `anthropic`). Default: the target itself when it
   * is a string, else its `provider` field when that is a string, else the `gen_ai.provider.name` of the first LLM
   * call the attempt makes.
   */
  providerOf?: (target: Target) => string | undefined;
  /** Names the span that wraps the attempts `fallback {name}` (keep it low-cardinality); default `fallback`. */
  name?: string;
}
