import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** `driftwatch-test` (the built CLI) in a child process: its exit code and everything it printed. */
export async function runCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; output: string }> {
  const cli = require.resolve('@driftwatch/agent-test/package.json').replace(/package\.json$/, 'dist/cli.js');
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}
