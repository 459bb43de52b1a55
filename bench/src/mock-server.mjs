// The testkit's mock LLM in its own process, so its CPU never counts in a variant's figures. Run as a child of
// the harness (`startMockServerProcess`); it forgets its recorded requests every second, so a long run keeps it
// at a flat heap and steady latency.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MOCK_SCENARIO } from './scenarios.mjs';

const RESET_INTERVAL_MILLIS = 1000;

/** Starts the mock server process; resolves to `{ url, pid, cpuMicros(), close() }`. */
export async function startMockServerProcess() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`the mock server exited (${code}) before listening`)));
  });
  return {
    url,
    pid: child.pid,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function serve() {
  const { startMockLlmServer } = await import('@driftwatch/testkit');
  const server = await startMockLlmServer({ scenario: MOCK_SCENARIO });
  setInterval(() => server.reset(), RESET_INTERVAL_MILLIS);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  process.send({ url: server.url });
}

if (process.argv.includes('--serve')) await serve();
