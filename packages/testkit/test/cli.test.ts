import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIRECTORY = join(__dirname, '..');

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('\n')) resolve(output.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code} before printing: ${output}`)));
  });
}

describe('driftwatch-mock-llm CLI', () => {
  let workDirectory: string;

  beforeAll(() => {
    workDirectory = mkdtempSync(join(tmpdir(), 'driftwatch-cli-'));
    const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    execFileSync(process.execPath, [
      tsc,
      '-p',
      join(PACKAGE_DIRECTORY, 'tsconfig.json'),
      '--outDir',
      join(workDirectory, 'dist'),
    ]);
  });

  afterAll(() => {
    rmSync(workDirectory, { recursive: true, force: true });
  });

  it('should print the URL, serve the scenario from a file and exit cleanly on SIGTERM', async () => {
    const scenarioFile = join(workDirectory, 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify({ responses: [{ content: 'From the scenario file' }] }));
    const child = spawn(process.execPath, [
      join(workDirectory, 'dist', 'cli.js'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--scenario',
      scenarioFile,
    ]);
    const line = await firstLine(child);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const answer = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    }).then((response) => response.json() as Promise<{ choices: Array<{ message: { content: string } }> }>);
    expect(answer.choices[0]?.message.content).toBe('From the scenario file');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });
});
