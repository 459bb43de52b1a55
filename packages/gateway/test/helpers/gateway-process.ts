import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export const GATEWAY_BIN = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface GatewayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves once the output (stdout and stderr) matches `pattern`. */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Sends SIGTERM and resolves, once all its output is read, with the exit code and how long the exit took. */
  stop(): Promise<{ code: number | null; millis: number }>;
}

/** Runs the built `driftwatch-gateway` bin as a user would, on a free port, and waits for its listening line. */
export async function spawnGateway(options: { env: Record<string, string>; args?: string[] }): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [GATEWAY_BIN, '--host', '127.0.0.1', '--port', '0', ...(options.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    waitForOutput(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          child.stdout?.off('data', check);
          child.stderr?.off('data', check);
          resolve();
        };
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        child.once('exit', () => reject(new Error(`gateway exited before printing ${pattern}: ${output}`)));
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null) return { code: child.exitCode, millis: 0 };
      const started = Date.now();
      const exited = once(child, 'exit');
      const closed = once(child, 'close');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      const millis = Date.now() - started;
      await closed;
      return { code, millis };
    },
  };
}
