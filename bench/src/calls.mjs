// Running calls and reading the heap, shared by the measurements and the soak.

const collectGarbage = globalThis.gc ?? (() => {});

export function heapAfterGc() {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Runs `count` calls, `concurrency` at a time; fills per-call wall times and times to first chunk when given. */
export async function runCalls({ call, count, concurrency, walls, firstChunks }) {
  let next = 0;
  let errors = 0;
  let firstError;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const started = performance.now();
      try {
        const firstChunk = await call();
        if (walls !== undefined) walls[index] = performance.now() - started;
        if (firstChunks !== undefined && firstChunk !== undefined) firstChunks[index] = firstChunk;
      } catch (error) {
        errors += 1;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { errors, firstError };
}
