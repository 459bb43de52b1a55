// `npm run bench:soak`: the memory soak. Instrumented calls with Driftwatch and all its processors on, the heap
// after a full GC sampled along the way, and the fitted slope in bytes per 1000 calls. See docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runInChild } from './src/child-process.mjs';
import { startMockServerProcess } from './src/mock-server.mjs';

const USAGE = `Usage: npm run bench:soak -- [options]

  --calls <n>         LLM calls in all (default 200000, a few minutes here; the README figure uses 1000000)
  --samples <n>       heap samples, each after a full GC (default 40)
  --concurrency <n>   calls in flight (default 20)
  --variant <name>    default driftwatch+processors (openai 6); driftwatch+processors@7 for openai 7
  --transport <t>     memory (default: answers recorded from the mock, replayed in-process, so the soak measures
                      Driftwatch and not sockets) or http (the mock server in its own process)
  --evaluation <e>    builtin (default) or off
  --json <file>       every sample and the fit as JSON
  --smoke             a few seconds: 3000 calls, 6 samples
  -h, --help`;

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '200000' },
    samples: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '20' },
    variant: { type: 'string', default: 'driftwatch+processors' },
    transport: { type: 'string', default: 'memory' },
    evaluation: { type: 'string', default: 'builtin' },
    json: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const calls = values.smoke ? 3000 : Number(values.calls);
const samples = values.smoke ? 6 : Number(values.samples);
const kilobytes = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

const mock = await startMockServerProcess();
let result;
try {
  console.error(
    `soak: ${calls} LLM calls, ${values.variant}, ${values.transport} transport, concurrency ${values.concurrency}`,
  );
  result = await runInChild(
    {
      kind: 'soak',
      variant: values.variant,
      baseURL: mock.url,
      transport: values.transport,
      evaluation: values.evaluation,
      calls,
      samples,
      concurrency: Number(values.concurrency),
    },
    {
      timeoutMillis: 4 * 60 * 60 * 1000,
      onProgress: (entry) => {
        if (entry.error !== undefined) console.error(`  first failed call: ${entry.error}`);
        else {
          console.error(
            `  ${String(entry.llmCalls).padStart(8)} calls  heap ${megabytes(entry.heapUsedBytes)}  ` +
              `rss ${megabytes(entry.rssBytes)}  ${entry.elapsedSeconds.toFixed(0)} s`,
          );
        }
      },
    },
  );
} finally {
  await mock.close();
}

const { fit } = result;
/** Below this many calls the bounded caches are still filling: the slope is printed but not judged. */
const JUDGED_FROM_CALLS = 100_000;
const judged = result.llmCalls >= JUDGED_FROM_CALLS;
const flat = fit.projectedBytesPerMillionCalls < 1024 * 1024;
const verdict = !judged ? `not judged (under ${JUDGED_FROM_CALLS} calls)` : flat ? 'flat' : 'GROWING';
console.log(
  [
    `Memory soak, ${new Date().toISOString()}: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, Node ${process.version}`,
    `${result.variant} [${Object.entries(result.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}]`,
    `${result.llmCalls} LLM calls (${result.mix}), concurrency ${result.concurrency}, ${result.transport} transport, ` +
      `${result.durationSeconds.toFixed(0)} s, ${result.cpuMicrosPerLlmCall.toFixed(0)} µs CPU per call, ` +
      `${result.spans} spans, ${result.errors} failed calls`,
    `heap after GC: ${megabytes(result.heapFirstBytes)} at start, ${megabytes(result.heapAfterWarmupBytes)} after ` +
      `warm-up (${fit.fromLlmCalls} calls), ${megabytes(result.heapLastBytes)} at the end`,
    `slope after warm-up: ${fit.bytesPer1000Calls.toFixed(1)} bytes per 1000 calls (r² ${fit.r2.toFixed(2)}), ` +
      `${kilobytes(fit.projectedBytesPerMillionCalls)} per million calls: ${verdict} ` +
      `(flat: under 1 MB per million calls)`,
  ].join('\n'),
);
if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
process.exitCode = result.errors > 0 || result.spans === 0 || (judged && !flat) ? 1 : 0;
