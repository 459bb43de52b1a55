import { reportInternalError } from '../internal/guard';
import type { GenAIOperation } from './genai-operation';
import type { ResponseDetails } from './response-details';

/** Reads the chunks of one streamed response; `observe` returns false for a chunk the app must not see. */
export interface StreamRecorder {
  observe(chunk: unknown): boolean;
  details(): ResponseDetails;
  /** True once the stream announced its own end (a finish reason, `response.completed`, `message_stop`…). */
  readonly completed: boolean;
  /** Whether a chunk starts the time to first chunk; every chunk does when this is absent. */
  countsAsFirstChunk?(chunk: unknown): boolean;
}

/** The part of the SDK's `Stream` that Driftwatch relies on: its iterator factory and abort controller. */
export interface StreamLike {
  iterator: (...args: unknown[]) => AsyncIterator<unknown>;
  controller?: { signal?: { aborted?: boolean } };
}

export function isStreamLike(value: unknown): value is StreamLike {
  return typeof value === 'object' && value !== null && typeof (value as StreamLike).iterator === 'function';
}

function observeChunk(recorder: StreamRecorder, operation: GenAIOperation, chunk: unknown): boolean {
  try {
    if (recorder.countsAsFirstChunk?.(chunk) ?? true) operation.markFirstChunk();
    return recorder.observe(chunk);
  } catch (error) {
    reportInternalError(`${operation.component}.stream`, error);
    return true;
  }
}

/** Named like the SDK's own error for a caller abort, so `error.type` reads the same for streams and calls. */
class APIUserAbortError extends Error {
  override readonly name = 'APIUserAbortError';
}

/**
 * Wraps one iteration of a stream: yields every chunk first, records it afterwards, and ends the operation exactly
 * once, on completion, early `break`/`return()`, abort or error. Errors pass through unchanged.
 */
function observeIterator(
  iterator: AsyncIterator<unknown>,
  stream: StreamLike,
  operation: GenAIOperation,
  recorder: StreamRecorder,
): AsyncIterableIterator<unknown> {
  const details = () => {
    try {
      return recorder.details();
    } catch (error) {
      reportInternalError(`${operation.component}.stream`, error);
      return {};
    }
  };
  let returnedByApp = false;
  const finish = (error?: unknown) => {
    if (operation.isEnded) return;
    if (error !== undefined) operation.fail(error, details());
    else if (!returnedByApp && !recorder.completed && stream.controller?.signal?.aborted === true) {
      operation.fail(new APIUserAbortError('The stream was aborted by the caller.'), details());
    } else operation.succeed(details());
  };
  // One pair of handlers per stream, not a closure and an async frame per chunk: this runs for every chunk.
  let pullArguments: [] | [unknown] = [];
  const pull = (): Promise<IteratorResult<unknown>> => {
    let pending: Promise<IteratorResult<unknown>>;
    try {
      pending = Promise.resolve(iterator.next(...pullArguments));
    } catch (error) {
      finish(error);
      return Promise.reject(error);
    }
    return pending.then(onResult, onError);
  };
  const onResult = (result: IteratorResult<unknown>): IteratorResult<unknown> | Promise<IteratorResult<unknown>> => {
    if (result.done === true) {
      finish();
      return result;
    }
    // A chunk the app must not see (the usage chunk Driftwatch asked for) is skipped: pull the next one.
    return observeChunk(recorder, operation, result.value) ? result : pull();
  };
  const onError = (error: unknown): never => {
    finish(error);
    throw error;
  };
  return {
    next(...args: [] | [unknown]) {
      pullArguments = args;
      return pull();
    },
    async return(value?: unknown) {
      // An early `break` aborts the request inside the SDK: that is the app's choice, not a failure.
      returnedByApp = true;
      try {
        return typeof iterator.return === 'function' ? await iterator.return(value) : { done: true, value };
      } finally {
        finish();
      }
    },
    async throw(error?: unknown) {
      try {
        if (typeof iterator.throw === 'function') return await iterator.throw(error);
        throw error;
      } catch (thrown) {
        finish(thrown);
        throw thrown;
      }
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Instruments the SDK's own `Stream` object in place: the app keeps the very object (with `tee()`, `controller`,
 * `toReadableStream()`), and the first iteration of it (whichever API starts it) is observed.
 */
export function instrumentStream(stream: StreamLike, operation: GenAIOperation, recorder: StreamRecorder): void {
  const createIterator = stream.iterator;
  let observed = false;
  stream.iterator = function driftwatchStreamIterator(this: unknown, ...args: unknown[]) {
    const iterator = createIterator.apply(this, args);
    if (observed) return iterator;
    observed = true;
    return observeIterator(iterator, stream, operation, recorder);
  };
}
