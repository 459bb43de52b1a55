import { type Context, context } from '@opentelemetry/api';
import { reportInternalError } from '../internal/guard';

/**
 * How a traced function's result settled. `succeed` may ask for the caller to get an error instead (a tool
 * whose result failed its schema in `throw` mode); it may return a promise of that decision.
 */
export interface ResultObserver {
  succeed(value: unknown): Error | undefined | Promise<Error | undefined>;
  fail(error: unknown): void;
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === '[object AsyncGenerator]' &&
    typeof (value as AsyncGenerator).next === 'function'
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function guardedSucceed(observer: ResultObserver, value: unknown): Error | undefined | Promise<Error | undefined> {
  try {
    return observer.succeed(value);
  } catch (error) {
    reportInternalError('agent.observe', error);
    return undefined;
  }
}

function guardedFail(observer: ResultObserver, error: unknown): void {
  try {
    observer.fail(error);
  } catch (internal) {
    reportInternalError('agent.observe', internal);
  }
}

/**
 * An async generator's `next`/`return`/`throw` run in `ctx` (its body resumes there, so spans started inside are
 * children of the run) and report the end of the iteration: done, thrown, or closed early by the consumer.
 * Patched on the instance, so the app keeps its own generator object.
 */
function observeAsyncGenerator(generator: AsyncGenerator, ctx: Context, observer: ResultObserver): void {
  let settled = false;
  const settle = (outcome: { value: unknown } | { error: unknown }) => {
    if (settled) return;
    settled = true;
    if ('error' in outcome) guardedFail(observer, outcome.error);
    else guardedSucceed(observer, outcome.value);
  };
  for (const method of ['next', 'return', 'throw'] as const) {
    const original = generator[method] as (
      this: AsyncGenerator,
      argument?: unknown,
    ) => Promise<IteratorResult<unknown>>;
    generator[method] = function observedStep(this: AsyncGenerator, ...args: [unknown?]) {
      const step = context.with(ctx, () => original.apply(this, args));
      return step.then(
        (result) => {
          if (result.done === true) settle({ value: result.value });
          return result;
        },
        (error: unknown) => {
          settle({ error });
          throw error;
        },
      );
    } as AsyncGenerator[typeof method];
  }
}

/**
 * Runs `fn` in `ctx` and reports how it settles, without changing what the caller gets: a sync value or throw
 * as is; a native promise as a promise of the same value or rejection; another thenable (the SDK's own promise
 * types) returned as the very object, observed on the side; an async generator as the same object, its steps run
 * in `ctx`. Only when `succeed` answers with an error does the caller get that error instead of the value.
 */
export function runObserved<T>(ctx: Context, fn: () => T, observer: ResultObserver): T {
  let result: T;
  try {
    result = context.with(ctx, fn);
  } catch (error) {
    guardedFail(observer, error);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        const replacement = guardedSucceed(observer, value);
        if (replacement === undefined) return value;
        if (replacement instanceof Error) throw replacement;
        return replacement.then(
          (decided) => {
            if (decided !== undefined) throw decided;
            return value;
          },
          (internal: unknown) => {
            reportInternalError('agent.observe', internal);
            return value;
          },
        );
      },
      (error: unknown) => {
        guardedFail(observer, error);
        throw error;
      },
    ) as T;
  }
  if (isAsyncGenerator(result)) {
    try {
      observeAsyncGenerator(result, ctx, observer);
    } catch (error) {
      reportInternalError('agent.generator', error);
    }
    return result;
  }
  if (isThenable(result)) {
    result.then(
      (value) => void guardedSucceed(observer, value),
      (error: unknown) => guardedFail(observer, error),
    );
    return result;
  }
  const replacement = guardedSucceed(observer, result);
  if (replacement instanceof Error) throw replacement;
  return result;
}
