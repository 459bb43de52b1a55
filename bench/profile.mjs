// Profiles one variant on one scenario and says where its CPU time goes (run in bench/):
//   npm run bench:profile -- driftwatch chat [--calls 20000] [--transport memory|http] [--top 30] [--keep]
// The variant runs in a child with --cpu-prof (over the in-memory transport by default, so the profile is the
// SDK and the instrumentation, not sockets). Each sample is charged to the innermost frame that belongs to the
// instrumentation under test, to the `openai` SDK or to the workload: time in OpenTelemetry's SDK or in Node's
// internals goes to whoever called it, so "instrumentation" is everything the instrumentation caused, its spans
// and metrics included. Samples with no such frame (GC, idle, microtask plumbing) stay unattributed.
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockServerProcess } from './src/mock-server.mjs';
import { variantNamed } from './src/variants.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    calls: { type: 'string', default: '20000' },
    transport: { type: 'string', default: 'memory' },
    top: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const [variantName = 'driftwatch', scenario = 'chat'] = positionals;
const variant = variantNamed(variantName);

/** Which code a frame's script belongs to. */
function ownerOf(url) {
  if (url.includes('/packages/instrumentation/') || url.includes('/packages/processors/')) return 'driftwatch';
  if (url.includes('@opentelemetry/instrumentation-openai/')) return 'otel';
  if (url.includes('@traceloop/')) return 'traceloop';
  if (url.includes('@arizeai/')) return 'openinference';
  if (/\/node_modules\/openai(-v7)?\//.test(url)) return 'openai SDK';
  if (url.includes('/bench/src/scenarios.mjs')) return 'workload';
  return undefined;
}

function shortName({ functionName, url, lineNumber }) {
  const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/(packages|bench)\//, '$1/');
  return `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
}

/** Sample time (µs) by owner, and by leaf function within each owner. */
function attribute(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const ownerCache = new Map();
  const ownerOfNode = (id) => {
    if (ownerCache.has(id)) return ownerCache.get(id);
    const own = ownerOf(nodes.get(id).callFrame.url);
    const parent = parents.get(id);
    const owner = own ?? (parent === undefined ? 'unattributed' : ownerOfNode(parent));
    ownerCache.set(id, owner);
    return owner;
  };
  const byOwner = new Map();
  const byLeaf = new Map();
  let total = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const id = profile.samples[index];
    const owner = ownerOfNode(id);
    total += micros;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    const leaf = `${owner}|${shortName(nodes.get(id).callFrame)}`;
    byLeaf.set(leaf, (byLeaf.get(leaf) ?? 0) + micros);
  }
  return { byOwner, byLeaf, total };
}

const directory = mkdtempSync(join(tmpdir(), 'driftwatch-profile-'));
const mock = await startMockServerProcess();
try {
  const child = fork(fileURLToPath(new URL('./src/child.mjs', import.meta.url)), [], {
    execArgv: ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${directory}`, '--cpu-prof-interval=50'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const calls = Number(values.calls);
  child.send({
    variant: variant.name,
    round: 0,
    baseURL: mock.url,
    transport: values.transport,
    initialWarmup: 500,
    measurements: [{ scenario, concurrency: 1, calls, warmup: 1000 }],
  });
  const message = await new Promise((resolve) => child.once('message', resolve));
  await new Promise((resolve) => child.once('exit', resolve));
  if (message.type !== 'result') throw new Error(message.message);
  const [measured] = message.result.measurements;
  const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
  const { byOwner, byLeaf, total } = attribute(JSON.parse(readFileSync(join(directory, file), 'utf8')));
  // Converted to µs per call with the measured figure (the profile also holds set-up and warm-up, a few %).
  const perCall = (micros) => (measured.cpuMicrosPerCall * micros) / total;
  console.log(
    `${variant.name} ${scenario}: ${measured.cpuMicrosPerCall.toFixed(1)} µs CPU per call over ${values.transport}` +
      ` (profiled, so higher than in the bench); by owner, µs per call:`,
  );
  for (const [owner, micros] of [...byOwner].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${perCall(micros).toFixed(1).padStart(7)}  ${owner}`);
  }
  const instrumentation = variant.name.startsWith('driftwatch') ? 'driftwatch' : variant.name;
  console.log(`\nwhere "${instrumentation}" time goes (leaf functions, µs per call), top ${values.top}:`);
  const leaves = [...byLeaf].filter(([key]) => key.startsWith(`${instrumentation}|`)).sort((a, b) => b[1] - a[1]);
  for (const [key, micros] of leaves.slice(0, Number(values.top))) {
    console.log(`  ${perCall(micros).toFixed(2).padStart(7)}  ${key.slice(instrumentation.length + 1)}`);
  }
  if (values.keep) console.log(`\nprofile: ${join(directory, file)}`);
} finally {
  await mock.close();
  if (!values.keep) rmSync(directory, { recursive: true, force: true });
}
