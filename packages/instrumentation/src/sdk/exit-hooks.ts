import { reportInternalError } from '../internal/guard';

/** Flushes telemetry; resolves true when everything settled within the timeout, false when it gave up. */
type Shutdown = () => Promise<boolean>;

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Resolves when `work` settles or after `timeoutMillis`, whichever comes first; the timer never holds the process. */
export async function settleWithin(work: Promise<unknown>, timeoutMillis: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMillis);
    timer.unref();
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Flushes telemetry when the process ends on its own (`beforeExit`) and on SIGTERM/SIGINT, never holding the
 * process longer than the shutdown's own timeout. A signal the app does not handle itself is raised again after the flush,
 * so the process still ends the way it would have without Driftwatch.
 */
export function installExitHooks(shutdown: Shutdown): () => void {
  let flushing = false;

  const onBeforeExit = () => {
    if (flushing) return;
    flushing = true;
    // Export sockets are unref'd (see export-sockets.ts): hold the process for the flush, never past its bound.
    const hold = setInterval(() => undefined, 1000);
    void shutdown().then((settled) => {
      clearInterval(hold);
      // An exporter still stuck on a socket or a retry timer would keep the process alive: end it as it meant to.
      if (!settled) process.exit();
    });
  };

  const onSignal = (signal: NodeJS.Signals) => {
    const alreadyFlushing = flushing;
    flushing = true;
    const flushed = alreadyFlushing ? Promise.resolve(true) : shutdown();
    void flushed.then(() => {
      if (process.listenerCount(signal) > 0) return;
      try {
        process.kill(process.pid, signal);
      } catch (error) {
        reportInternalError('exit', error);
        process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      }
    });
  };

  process.on('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) process.once(signal, onSignal);
  return () => {
    process.off('beforeExit', onBeforeExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
