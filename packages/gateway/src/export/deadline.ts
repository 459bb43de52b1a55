/** Resolves when `work` settles (whatever its outcome) or `deadline` is aborted, whichever comes first. */
export function untilAborted(work: Promise<unknown>, deadline: AbortSignal): Promise<void> {
  if (deadline.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      deadline.removeEventListener('abort', done);
      resolve();
    };
    deadline.addEventListener('abort', done, { once: true });
    work.then(done, done);
  });
}
