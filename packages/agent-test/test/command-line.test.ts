import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteResults } from '@driftwatch/agent-test';
import { closedPort, type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';

const FIXTURE = join(__dirname, 'fixtures', 'orders');
const NO_EXPORT = { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
const STACK_FRAME = /\n\s+at /;

/** A copy of the orders fixture in a fresh folder, the repo's packages installed: the user's project. */
function project(): string {
  const directory = mkdtempSync(join(tmpdir(), 'agent-test-cli-'));
  cpSync(FIXTURE, directory, { recursive: true });
  symlinkSync(join(__dirname, '..', '..', '..', 'node_modules'), join(directory, 'node_modules'), 'dir');
  return directory;
}

const readResults = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as SuiteResults;

describe('driftwatch-test on the command line', () => {
  let llm: MockLlmServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    llm = await startMockLlmServer({
      scenario: { responses: [{ match: 'Rubric:', content: '{"score":0.8,"reason":"says where the order is"}' }] },
    });
    env = { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-test', OTEL_EXPORTER_OTLP_ENDPOINT: '' };
  });

  afterAll(async () => {
    await llm?.close();
  });

  it("should keep the baseline of the README's model-upgrade command, writing the candidate beside it, run after run", async () => {
    const cwd = project();
    const baselineFile = join(cwd, 'driftwatch-test-results.json');
    const first = await runCli(['--quiet'], { cwd, env: { ...env, ...NO_EXPORT } });
    expect(first.output).toContain('Results: driftwatch-test-results.json\n');
    const baseline = readFileSync(baselineFile, 'utf8');
    expect(readResults(baselineFile).model).toBe('gpt-4o-mini-2024-07-18');

    // Word for word as the README has it, twice: the second run must still compare against the known-good run.
    const upgrade = ['--model', 'gpt-4o-2024-11-20', '--baseline', 'driftwatch-test-results.json'];
    for (const run of [1, 2]) {
      const candidate = await runCli(upgrade, { cwd, env: { ...env, ...NO_EXPORT } });
      expect(candidate.output, `run ${run}`).toContain(
        'Results: driftwatch-test-results.candidate.json (beside the baseline driftwatch-test-results.json, which is kept)',
      );
      expect(candidate.output, `run ${run}`).toContain('Model upgrade: gpt-4o-mini-2024-07-18');
      expect(readFileSync(baselineFile, 'utf8'), `run ${run}`).toBe(baseline);
      expect(readResults(join(cwd, 'driftwatch-test-results.candidate.json')).model).toBe('gpt-4o-2024-11-20');
    }
  }, 60_000);

  it('should write the results where --json says when that is not the baseline', async () => {
    const cwd = project();
    await runCli(['--quiet', '--layers', 'regression'], { cwd, env: { ...env, ...NO_EXPORT } });
    const run = await runCli(
      ['--quiet', '--layers', 'regression', '--baseline', 'driftwatch-test-results.json', '--json', 'next.json'],
      { cwd, env: { ...env, ...NO_EXPORT } },
    );
    expect(run.output).toContain('Results: next.json\n');
    expect(existsSync(join(cwd, 'driftwatch-test-results.candidate.json'))).toBe(false);
  }, 60_000);

  it('should refuse a floating alias for --model in one line naming the checkpoint to pin, exit 2', async () => {
    const cwd = project();
    const run = await runCli(['--model', 'gpt-4o-mini'], { cwd, env: { ...env, ...NO_EXPORT } });
    expect(run.code).toBe(2);
    expect(run.output).toBe(
      'driftwatch-test: --model "gpt-4o-mini" is a floating alias: name a dated checkpoint such as ' +
        '"gpt-4o-mini-2024-07-18" (what it points at today), so the run and its baseline diff test one fixed model\n' +
        'Run driftwatch-test --help for the options.\n',
    );
    expect(existsSync(join(cwd, 'driftwatch-test-results.json'))).toBe(false);
  });

  it('should answer an unknown option or layer in one line, without a stack trace, exit 2', async () => {
    const cwd = project();
    const unknown = await runCli(['--bogus'], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/^driftwatch-test: Unknown option '--bogus'/);
    expect(unknown.output).toContain('Run driftwatch-test --help for the options.');
    expect(unknown.output).not.toMatch(STACK_FRAME);
    const layer = await runCli(['--layers', 'regresion'], { cwd, env });
    expect(layer.code).toBe(2);
    expect(layer.output.split('\n')[0]).toBe(
      'driftwatch-test: unknown layer "regresion" in --layers; the layers are regression, adversarial, tool_faults, context, concurrency',
    );
  });

  it('should say in one line that no collector listens, and end without retrying the refused exports', async () => {
    const port = await closedPort();
    const cwd = project();
    const run = await runCli(['--quiet', '--layers', 'regression'], {
      cwd,
      env: {
        ...env,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        // Far past the test's timeout: only the refused connections can end the final flush in time.
        DRIFTWATCH_SHUTDOWN_TIMEOUT_MS: '600000',
        NODE_OPTIONS: `--require ${join(__dirname, 'helpers', 'count-refused-exports.cjs')}`,
      },
    });
    expect(run.code).toBe(1); // the fixture's wrong-expectation case
    const warnings = run.output.split('\n').filter((line) => line.includes('telemetry export to'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^@driftwatch/instrumentation: telemetry export to http://127\\.0\\.0\\.1:${port}/v1/\\w+ failed \\(ECONNREFUSED\\)`,
      ),
    );
    // The final flush sends the spans once; waiting out the exporter's retries would make it 5 attempts (seconds).
    const traceAttempts = run.output.split('\n').filter((line) => line === '[refused export] /v1/traces');
    expect(traceAttempts.length).toBeGreaterThan(0);
    expect(traceAttempts.length).toBeLessThan(5);
    expect(readResults(join(cwd, 'driftwatch-test-results.json')).layers).toHaveLength(1);
  }, 30_000);

  it('should give up on a collector that never answers within DRIFTWATCH_SHUTDOWN_TIMEOUT_MS', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const cwd = project();
      const run = await runCli(['--quiet', '--layers', 'regression'], {
        cwd,
        env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, DRIFTWATCH_SHUTDOWN_TIMEOUT_MS: '200' },
      });
      expect(run.code).toBe(1);
      expect(sockets.length).toBeGreaterThan(0);
      expect(readResults(join(cwd, 'driftwatch-test-results.json')).layers).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 30_000);
});
