import type { GenAIOperation } from './genai-operation';

/** The part of the SDK's `APIPromise` that Driftwatch relies on. */
export interface APIPromiseLike {
  _thenUnwrap(transform: (data: unknown, props: unknown) => unknown): APIPromiseLike;
  parse(): Promise<unknown>;
  asResponse(): Promise<unknown>;
}

export function isAPIPromiseLike(value: unknown): value is APIPromiseLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as APIPromiseLike)._thenUnwrap === 'function' &&
    typeof (value as APIPromiseLike).parse === 'function' &&
    typeof (value as APIPromiseLike).asResponse === 'function'
  );
}

function override<Key extends keyof APIPromiseLike>(
  promise: APIPromiseLike,
  key: Key,
  value: APIPromiseLike[Key],
): void {
  // Keep the SDK's own enumerability: openai 7 assigns `_thenUnwrap` on the instance, 6 keeps it on the prototype.
  if (Object.hasOwn(promise, key)) promise[key] = value;
  else Object.defineProperty(promise, key, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * Sees how an `APIPromise` settles without reading its body: the app's own `await` (or `.withResponse()`)
 * triggers the one parse, and a failure there (HTTP error, timeout, malformed JSON) ends the operation.
 * Derived promises (`_thenUnwrap`, used by `.parse()` helpers) are observed the same way; `.asResponse()`
 * ends the operation when the raw response arrives, since the body then belongs to the app.
 */
export function observeAPIPromise(promise: APIPromiseLike, operation: GenAIOperation): void {
  const parse = promise.parse;
  const asResponse = promise.asResponse;
  const thenUnwrap = promise._thenUnwrap;
  let parseRequested = false;
  const onFailure = (error: unknown) => operation.fail(error);

  override(promise, 'parse', function driftwatchParse(this: APIPromiseLike) {
    parseRequested = true;
    const parsed = parse.call(this);
    parsed.then(undefined, onFailure);
    return parsed;
  });
  override(promise, 'asResponse', function driftwatchAsResponse(this: APIPromiseLike) {
    const response = asResponse.call(this);
    response.then(() => {
      if (!parseRequested) operation.succeed({});
    }, onFailure);
    return response;
  });
  override(promise, '_thenUnwrap', function driftwatchThenUnwrap(this: APIPromiseLike, transform) {
    const derived = thenUnwrap.call(this, transform);
    observeAPIPromise(derived, operation);
    return derived;
  });
}
