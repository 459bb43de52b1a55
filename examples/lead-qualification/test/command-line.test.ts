import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STACK_FRAME = /\n\s+at /;

/** `node <script> <args>` (what `npm run demo --` and `npm run test:agent --` run): exit code, stdout, stderr. */
async function run(script: 'run.mjs' | 'test-agent.mjs', args: string[]) {
  const child = spawn(process.execPath, [join(__dirname, '..', script), ...args], {
    env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('npm run test:agent on the command line', () => {
  it('should list --inject and its failures, then the driftwatch-test options, for --help (exit 0)', async () => {
    const help = await run('test-agent.mjs', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: npm run test:agent -- \[--inject <failure>\]/);
    for (const failure of ['checkpoint-swap', 'crm-outage', 'crm-schema-change']) {
      expect(help.stdout).toMatch(new RegExp(`\\n {29}${failure} +the `));
    }
    for (const option of [
      '--model <checkpoint>',
      '--baseline <file>',
      '--junit <file>',
      '--layers <list>',
      '--quiet',
    ]) {
      expect(help.stdout).toContain(`\n  ${option}`);
    }
  });

  it('should refuse an unknown failure in one line naming the choices, exit 2', async () => {
    const wrong = await run('test-agent.mjs', ['--inject', 'crm_outage']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toBe(
      'test:agent: unknown failure "crm_outage" for --inject; choose checkpoint-swap, crm-outage, crm-schema-change\n' +
        'Run npm run test:agent -- --help for the options.\n',
    );
    const missing = await run('test-agent.mjs', ['--inject']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(
      'test:agent: --inject needs a failure: checkpoint-swap, crm-outage, crm-schema-change',
    );
  });

  it("should answer an unknown option with driftwatch-test's one-line error, exit 2", async () => {
    const unknown = await run('test-agent.mjs', ['--bogus', '--layers', 'regression']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^driftwatch-test: Unknown option '--bogus'/);
    expect(unknown.stderr).not.toMatch(STACK_FRAME);
  }, 30_000);
});

describe('npm run demo on the command line', () => {
  it('should print its options for --help (exit 0), running nothing', async () => {
    const help = await run('run.mjs', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run demo -- \[options\]/);
    for (const option of ['--fast', '--scenario <file.json>', '--days <n>', '--seconds-per-day <s>', '--json <file>']) {
      expect(help.stdout).toContain(`\n  ${option}`);
    }
    expect(help.stdout).not.toContain('Injected failures');
  });

  it('should refuse an unknown option or a bad value in one line, without a stack trace, exit 2', async () => {
    const unknown = await run('run.mjs', ['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe("demo: Unknown option '--bogus'\nRun npm run demo -- --help for the options.\n");
    const days = await run('run.mjs', ['--days', 'seven']);
    expect(days.code).toBe(2);
    expect(days.stderr.split('\n')[0]).toBe('demo: --days takes a whole number of days from 1, not "seven"');
    expect(days.stderr).not.toMatch(STACK_FRAME);
  });
});
