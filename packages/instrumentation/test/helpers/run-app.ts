import { spawn } from 'node:child_process';

export interface AppRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}

export interface RunAppOptions {
  script: string;
  nodeArguments?: string[];
  /** The app's own arguments, after the script. */
  scriptArguments?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Called once with the child when it prints this line. */
  onLine?: { line: string; action: (child: ReturnType<typeof spawn>) => void };
  timeoutMs?: number;
}

/** Runs a Node app as a child process (the way users start theirs) and resolves when it exits. */
export function runApp(options: RunAppOptions): Promise<AppRun> {
  const started = performance.now();
  const env: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(
    process.execPath,
    [...(options.nodeArguments ?? []), options.script, ...(options.scriptArguments ?? [])],
    {
      cwd: options.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  let triggered = false;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    if (!triggered && options.onLine && stdout.split('\n').includes(options.onLine.line)) {
      triggered = true;
      options.onLine.action(child);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      child.stdout.once('end', () =>
        resolve({ stdout, stderr, code, signal, durationMs: performance.now() - started }),
      );
      if (child.stdout.readableEnded)
        resolve({ stdout, stderr, code, signal, durationMs: performance.now() - started });
    });
  });
}
