// Starts one measurement child (a fresh Node process with --expose-gc) and waits for its figures.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

/**
 * Runs `plan` in a new child process; rejects when it fails, exits without a result or exceeds `timeoutMillis`.
 * `onProgress` receives the child's progress messages (the soak sends them).
 */
export function runInChild(plan, { timeoutMillis = 10 * 60 * 1000, execArgv = [], onProgress = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ['--expose-gc', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Nothing the caller's environment sets may switch content capture or other options on for one variant only.
      env: withoutInstrumentationSettings(process.env),
    });
    let settled = false;
    const settle = (outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => reject(new Error(`${plan.variant ?? plan.kind}: no result within ${timeoutMillis / 1000} s`)));
    }, timeoutMillis);
    child.on('message', (message) => {
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'result') settle(() => resolve(message.result));
      else settle(() => reject(new Error(`${plan.variant ?? plan.kind} failed: ${message.message}`)));
    });
    child.once('exit', (code) => settle(() => reject(new Error(`${plan.variant ?? plan.kind} exited (${code})`))));
    child.send(plan);
  });
}

function withoutInstrumentationSettings(environment) {
  const clean = {};
  for (const [name, value] of Object.entries(environment)) {
    if (/^(OTEL_|DRIFTWATCH_|TRACELOOP_|OPENINFERENCE_)/.test(name)) continue;
    clean[name] = value;
  }
  return clean;
}
