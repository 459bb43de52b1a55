// The results file, the JUnit XML and the terminal report are CI artifacts that many people read: a credential in
// an agent's error, its output or a check's message is redacted there, as on Driftwatch's telemetry.
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli';

const PROVIDER_KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const GITHUB_TOKEN = 'ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab';
const DATABASE_URL = 'postgres://admin:Sup3rSecretPassw0rd@db.internal:5432/app';

const SUITE = `export default {
  name: 'leaky',
  model: 'gpt-4o-mini-2024-07-18',
  agent: async (input) => {
    if (input.case === 'throws') throw new Error('provider said: invalid key ${PROVIDER_KEY}');
    return { answer: 'connected with ${DATABASE_URL}' };
  },
  cases: [
    { id: 'throws', input: { case: 'throws' } },
    { id: 'echoes', input: { case: 'echoes' }, expected: { answer: 'connected' } },
  ],
  checks: [{ name: 'token check', check: () => { throw new Error('could not use ${GITHUB_TOKEN}'); } }],
  layers: { regression: {} },
};
`;

describe('driftwatch-test reports', () => {
  it('should redact credentials in errors, outputs and check messages of the results file, JUnit and terminal', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'agent-test-secrets-'));
    writeFileSync(join(cwd, 'package.json'), '{"type":"module","private":true}');
    writeFileSync(join(cwd, 'agent-test.suite.mjs'), SUITE);
    symlinkSync(join(__dirname, '..', '..', '..', 'node_modules'), join(cwd, 'node_modules'), 'dir');

    const run = await runCli(['agent-test.suite.mjs', '--layers', 'regression', '--junit', 'junit.xml'], {
      cwd,
      env: { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' },
    });

    expect(run.code, run.output).toBe(1);
    const results = readFileSync(join(cwd, 'driftwatch-test-results.json'), 'utf8');
    const junit = readFileSync(join(cwd, 'junit.xml'), 'utf8');
    for (const [where, text] of [
      ['results', results],
      ['junit', junit],
      ['terminal', run.output],
    ] as const) {
      for (const secret of [PROVIDER_KEY, GITHUB_TOKEN, 'Sup3rSecretPassw0rd']) {
        expect(text, `${where} holds ${secret}`).not.toContain(secret);
      }
    }
    // What was said is still there, with the credential replaced.
    expect(results).toContain('provider said: invalid key [REDACTED]');
    expect(results).toContain('could not use [REDACTED]');
    expect(results).toContain('db.internal');
  }, 60_000);
});
