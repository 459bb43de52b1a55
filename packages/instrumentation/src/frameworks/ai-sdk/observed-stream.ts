import { reportInternalError } from '../../internal/guard';

/** What an observed stream reports, each at most once except `part`. */
export interface StreamObserver {
  part(part: unknown): void;
  /** The source ended, failed, or the consumer cancelled it. */
  end(outcome: { error: unknown } | { cancelled: true } | undefined): void;
}

/**
 * A stream that passes every part of `source` through unchanged, reporting each to `observer`. It reads `source`
 * only when it is read itself (no buffering ahead), so a stream never read leaves `source` unread and unlocked;
 * errors and cancellation pass through.
 */
export function observedStream<T>(source: ReadableStream<T>, observer: StreamObserver): ReadableStream<T> {
  let reader: ReadableStreamDefaultReader<T> | undefined;
  let ended = false;
  const end = (outcome: { error: unknown } | { cancelled: true } | undefined) => {
    if (ended) return;
    ended = true;
    try {
      observer.end(outcome);
    } catch (error) {
      reportInternalError('ai_sdk.stream', error);
    }
  };
  return new ReadableStream<T>(
    {
      async pull(controller) {
        reader ??= source.getReader();
        let step: Awaited<ReturnType<ReadableStreamDefaultReader<T>['read']>>;
        try {
          step = await reader.read();
        } catch (error) {
          end({ error });
          controller.error(error);
          return;
        }
        if (step.done) {
          end(undefined);
          controller.close();
          return;
        }
        try {
          observer.part(step.value);
        } catch (error) {
          reportInternalError('ai_sdk.stream', error);
        }
        controller.enqueue(step.value);
      },
      cancel(reason) {
        end({ cancelled: true });
        return reader === undefined ? source.cancel(reason) : reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The reading methods of a `ReadableStream` instance that {@link observeStreamInPlace} redirects. */
const READING_METHODS: ReadonlyArray<string | symbol> = [
  'getReader',
  'pipeThrough',
  'pipeTo',
  'tee',
  'values',
  'cancel',
  Symbol.asyncIterator,
];

/**
 * Observes `stream` in place: its reading methods read an {@link observedStream} of it instead, so every holder of
 * the very object (the SDK may get it through a copy of the result it is on) reads the same parts through the
 * observer. Returns false, leaving the stream alone, when it cannot be redirected.
 */
export function observeStreamInPlace<T>(stream: ReadableStream<T>, observer: StreamObserver): boolean {
  if (stream.locked) return false;
  const prototype = ReadableStream.prototype as unknown as Record<string | symbol, (...args: unknown[]) => unknown>;
  const original = {
    getReader: () => prototype.getReader!.call(stream) as ReadableStreamDefaultReader<T>,
    cancel: (reason: unknown) => prototype.cancel!.call(stream, reason) as Promise<void>,
  } as unknown as ReadableStream<T>;
  const observed = observedStream(original, observer) as unknown as Record<
    string | symbol,
    (...args: unknown[]) => unknown
  >;
  for (const method of READING_METHODS) {
    Object.defineProperty(stream, method, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: (...args: unknown[]) => observed[method]!.apply(observed, args),
    });
  }
  return true;
}
