// The cost of the gateway's redaction of credentials in content, in process: a realistic received request
// (OpenInference agent runs, 500 spans, prompts of 2000 characters) decoded, processed and spliced as the gateway's traces handler does, in
// rounds alternating redaction on and off. Reports spans per second of each; with `--secrets` every prompt holds
// an API key, so every LLM span is redacted and re-encoded rather than spliced.
//
//   node bench/gateway-redaction.mjs [--rounds 5] [--requests 40] [--prompt-chars 2000] [--secrets]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportRequests } from './src/gateway-requests.mjs';
import { quantile } from './src/statistics.mjs';

const require = createRequire(import.meta.url);
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'gateway', 'dist');
const { decodeExportRequest } = require(join(dist, 'otlp', 'otlp-codec.js'));
const { spliceTraces } = require(join(dist, 'otlp', 'splice-traces.js'));
const { processTraces } = require(join(dist, 'process', 'process-traces.js'));
const { SourceRegistry } = require(join(dist, 'process', 'source-registry.js'));
const { PendingContent } = require(join(dist, 'process', 'pending-content.js'));
const { AwaitingContent } = require(join(dist, 'process', 'awaiting-content.js'));
const { InMemoryMetricExporter, AggregationTemporality } = require('@opentelemetry/sdk-metrics');

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '40' },
    secrets: { type: 'boolean', default: false },
    'prompt-chars': { type: 'string', default: '2000' },
  },
});
const SPANS_PER_REQUEST = 500;
const promptChars = Number(values['prompt-chars']);
const bodies = exportRequests({ count: 10, spansPerRequest: SPANS_PER_REQUEST, secrets: values.secrets, promptChars });

const sources = new SourceRegistry({
  createExporter: () => new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
  maxSources: 10,
  maxTraces: 20_000,
  maxTraceSpans: 200_000,
  maxTraceAgeMillis: 600_000,
  maxHeldSpans: 1_000_000,
  repeatWindowMillis: 86_400_000,
  onEvicted: () => {},
});
const pending = new PendingContent({ maxEntries: 10_000, maxAgeMillis: 60_000 });
const awaiting = new AwaitingContent({
  maxCalls: 10_000,
  maxAgeMillis: 60_000,
  maxSettled: 10_000,
  onDropped: () => {},
});
let failures = 0;

/** Spans per second of decoding, processing and splicing `requests` requests, as the gateway's handler does. */
function spansPerSecond(redactContent, requests) {
  const started = performance.now();
  for (let index = 0; index < requests; index++) {
    const body = bodies[index % bodies.length];
    const request = decodeExportRequest({ signal: 'traces', contentType: 'application/x-protobuf', body });
    const processed = processTraces(request, {
      sources,
      dropSourceAttributes: false,
      pending,
      awaiting,
      nowMillis: Date.now(),
      redactContent,
      onRedactionFailed: () => failures++,
    });
    spliceTraces(body, processed.patches);
  }
  return (requests * SPANS_PER_REQUEST) / ((performance.now() - started) / 1000);
}

const requests = Number(values.requests);
spansPerSecond(true, requests);
spansPerSecond(false, requests);
const on = [];
const off = [];
for (let round = 0; round < Number(values.rounds); round++) {
  on.push(spansPerSecond(true, requests));
  off.push(spansPerSecond(false, requests));
}
const median = (list) => Math.round(quantile(list, 0.5));
const result = {
  secretsInContent: values.secrets,
  promptChars,
  spansPerRound: requests * SPANS_PER_REQUEST,
  spansPerSecondRedacting: median(on),
  spansPerSecondNotRedacting: median(off),
  costPercent: Math.round((1 - median(on) / median(off)) * 1000) / 10,
  redactionFailures: failures,
};
console.log(result);
await sources.shutdown();
