import type { OtlpReceiver, WaitForOptions } from '../types';
import type { ReceivedTelemetry } from './received-telemetry';

/** Resolves once `predicate` holds, checked now and after every request (no polling); rejects on timeout. */
export function waitForTelemetry(options: {
  receiver: OtlpReceiver;
  telemetry: ReceivedTelemetry;
  predicate: (receiver: OtlpReceiver) => boolean;
  waitOptions?: WaitForOptions;
}): Promise<void> {
  const timeoutMs = options.waitOptions?.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    let settled = false;
    let removeCheck: () => void = () => {};
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: unknown) => {
      settled = true;
      removeCheck();
      clearTimeout(timer);
      if (error === undefined) resolve();
      else reject(error);
    };
    const check = () => {
      try {
        if (options.predicate(options.receiver)) finish();
      } catch (error) {
        finish(error);
      }
    };
    check();
    if (settled) return;
    removeCheck = options.telemetry.onArrival(check);
    timer = setTimeout(() => {
      const message = `OTLP receiver waitFor timed out after ${timeoutMs} ms (received ${options.telemetry.summary()})`;
      finish(new Error(message));
    }, timeoutMs);
  });
}
