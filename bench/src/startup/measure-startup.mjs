// Whole-process start-up: each variant's app run as a fresh process, interleaved round by round so drift in the
// machine's load affects every variant alike; wall time from spawn to exit, and the CPU time and peak RSS the app
// reports as it exits.
import { spawn } from 'node:child_process';
import { spread } from '../statistics.mjs';

export const STARTUP_VARIANTS = [
  { name: 'none (ESM)', script: 'app.mjs', nodeArguments: [] },
  {
    name: 'driftwatch register (ESM)',
    script: 'app.mjs',
    nodeArguments: ['--import', '@driftwatch/instrumentation/register'],
  },
  { name: 'plain NodeSDK start (ESM)', script: 'app.mjs', nodeArguments: ['--import', './nodesdk-start.mjs'] },
  { name: 'none (CommonJS)', script: 'app.cjs', nodeArguments: [] },
  {
    name: 'driftwatch register (CommonJS)',
    script: 'app.cjs',
    nodeArguments: ['--require', '@driftwatch/instrumentation/register'],
  },
  { name: 'none (CommonJS, +2,000 modules)', script: 'app-large.cjs', nodeArguments: [] },
  {
    name: 'driftwatch register (CommonJS, +2,000 modules)',
    script: 'app-large.cjs',
    nodeArguments: ['--require', '@driftwatch/instrumentation/register'],
  },
];

function runOnce({ directory, variant, env }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...variant.nodeArguments, variant.script], {
      cwd: directory,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMillis = performance.now() - started;
      if (code !== 0) return reject(new Error(`${variant.name} exited with ${code}: ${stderr}`));
      const { maxRssKb, cpuMicros } = JSON.parse(stdout);
      resolve({ wallMillis, cpuMillis: cpuMicros / 1000, maxRssKb, stderr });
    });
  });
}

/** Medians per variant over `rounds` interleaved rounds (after one warm-up round that fills the file cache). */
export async function measureStartup({ directory, rounds, env, variants = STARTUP_VARIANTS }) {
  const samples = new Map(variants.map((variant) => [variant.name, []]));
  for (let round = -1; round < rounds; round++) {
    for (const variant of variants) {
      const sample = await runOnce({ directory, variant, env });
      if (round >= 0) samples.get(variant.name).push(sample);
    }
  }
  return variants.map((variant) => {
    const runs = samples.get(variant.name);
    return {
      variant: variant.name,
      wallMillis: spread(runs.map((run) => run.wallMillis)).median,
      cpuMillis: spread(runs.map((run) => run.cpuMillis)).median,
      maxRssMb: spread(runs.map((run) => run.maxRssKb / 1024)).median,
      stderr: runs[0]?.stderr ?? '',
    };
  });
}
