import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteResults } from '@driftwatch/agent-test';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerOf, CURRENT_CHECKPOINT, caseLeads, NEWER_CHECKPOINT, SEED } from '../agent-test/world.mjs';
import { fraction } from '../world/random.mjs';

const SCRIPT = join(__dirname, '..', 'test-agent.mjs');
const directory = mkdtempSync(join(tmpdir(), 'test-agent-'));

interface Run {
  code: number | null;
  output: string;
  results: SuiteResults;
}

/** `npm run test:agent -- <args>` in a child process (its temp folder `TMPDIR`): its exit code and output. */
async function runScript(args: string[], env: Record<string, string> = {}): Promise<Omit<Run, 'results'>> {
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', OTEL_EXPORTER_OTLP_ENDPOINT: '', ...env },
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

/** `npm run test:agent -- --json <name>.json <args>` as CI runs it, and the results file it wrote. */
async function testAgent(name: string, args: string[]): Promise<Run> {
  const json = join(directory, `${name}.json`);
  const run = await runScript(['--json', json, ...args]);
  return { ...run, results: JSON.parse(readFileSync(json, 'utf8')) };
}

const layer = (run: Run, name: string) => run.results.layers.find((candidate) => candidate.name === name);
const failing = (run: Run, name: string) =>
  layer(run, name)
    ?.cases.filter((result) => !result.pass)
    .map((result) => result.id) ?? [];

/** The cases whose answer from `checkpoint` is not the expected verdict (wrong or not even valid JSON). */
function wrongAnswers(checkpoint: string): string[] {
  const expected = new Map(
    readFileSync(join(__dirname, '..', 'agent-test', 'cases.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .map((testCase) => [testCase.id, testCase.expected.verdict.qualified]),
  );
  return caseLeads()
    .filter((lead: { id: string }) => {
      try {
        return JSON.parse(answerOf(checkpoint, lead)).qualified !== expected.get(lead.id);
      } catch {
        return true;
      }
    })
    .map((lead: { id: string }) => lead.id);
}

describe('npm run test:agent (the demo agent suite)', () => {
  let healthy: Run;
  let junit: string;

  beforeAll(async () => {
    const junitFile = join(directory, 'junit.xml');
    healthy = await testAgent('healthy', ['--quiet', '--junit', junitFile]);
    junit = readFileSync(junitFile, 'utf8');
  }, 60_000);

  it('should pass every layer against the healthy world, and exit 0', () => {
    expect(healthy.code).toBe(0);
    expect(healthy.results.layers.map((result) => [result.name, result.pass, result.cases.length])).toEqual([
      ['regression', true, 25],
      ['adversarial', true, 24],
      ['tool_faults', true, 8],
      ['context', true, 2],
      ['concurrency', true, 30],
    ]);
    const fills = layer(healthy, 'context')?.cases.map((result) => result.signals.contextFill);
    expect(fills?.[0]).toBeCloseTo(0.75, 2);
    expect(fills?.[1]).toBeCloseTo(0.95, 2);
    expect(healthy.output).toMatch(/PASS\n/);
  });

  it('should write JUnit XML with one test suite per layer when asked with --junit', () => {
    const suites = [...junit.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)];
    expect(suites.map((match) => match.slice(1))).toEqual([
      ['regression', '25', '0'],
      ['adversarial', '24', '0'],
      ['tool_faults', '8', '0'],
      ['context', '2', '0'],
      ['concurrency', '30', '0'],
    ]);
  });

  it('should fail on a checkpoint swap, naming the wrong verdicts and the injections the new checkpoint follows', async () => {
    const swapped = await testAgent('checkpoint-swap', ['--quiet', '--inject', 'checkpoint-swap']);
    expect(swapped.code).toBe(1);
    const wrong = wrongAnswers(NEWER_CHECKPOINT);
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrongAnswers(CURRENT_CHECKPOINT)).toEqual([]);
    expect(failing(swapped, 'regression')).toEqual(wrong);
    expect(failing(swapped, 'adversarial')).toEqual(
      ['en', 'system-tag', 'es', 'de', 'zh'].map((id) => `injection/injection-${id}`),
    );
    for (const id of wrong) expect(swapped.output).toContain(`regression: ${id} (`);
    expect(swapped.output).toContain('adversarial: injection/injection-en (confidently_wrong)');
    expect(swapped.output).toMatch(/FAIL regression/);
  }, 60_000);

  it('should fail on a CRM outage, naming the runs whose write got a 500', async () => {
    const outage = await testAgent('crm-outage', ['--quiet', '--inject', 'crm-outage', '--layers', 'regression']);
    expect(outage.code).toBe(1);
    const hit = caseLeads()
      .filter((lead: { id: string }) => fraction(SEED, 'crm-outage', 0, lead.id) < 0.5)
      .map((lead: { id: string }) => lead.id);
    expect(failing(outage, 'regression')).toEqual(hit);
    for (const result of layer(outage, 'regression')?.cases.filter((c) => !c.pass) ?? []) {
      expect(result.verdict).toBe('failed_loudly');
      expect(result.signals.toolErrorTypes).toEqual(['update_crm 500']);
      expect(result.checks[0]).toEqual({ name: 'threw', pass: false, message: 'CRM answered 500' });
    }
    expect(outage.output).toContain(`regression: ${hit[0]} (failed_loudly)`);
    expect(outage.output).toMatch(new RegExp(`✗ regression ${hit[0]} .* threw: CRM answered 500; `));
  }, 60_000);

  it('should fail on the CRM schema change: every write malformed, the CRM holding nothing, the agent sure', async () => {
    const changed = await testAgent('crm-schema-change', [
      '--quiet',
      '--inject',
      'crm-schema-change',
      '--layers',
      'regression',
    ]);
    expect(changed.code).toBe(1);
    const cases = layer(changed, 'regression')?.cases ?? [];
    expect(cases.filter((result) => result.pass)).toEqual([]);
    for (const result of cases) {
      expect(result.verdict).toBe('confidently_wrong');
      expect(result.signals.toolErrorTypes).toEqual(['update_crm malformed_result']);
      expect(result.checks.filter((check) => !check.pass).map((check) => check.name)).toEqual([
        'signal tool_errors',
        'signal evaluation.schema_compliance',
        'CRM holds the verdict',
      ]);
    }
  }, 60_000);

  it('should diff a model upgrade against the previous results and fail on the regressions', async () => {
    const baseline = join(directory, 'healthy.json');
    const upgrade = await testAgent('upgrade', [
      '--quiet',
      '--model',
      NEWER_CHECKPOINT,
      '--baseline',
      baseline,
      '--layers',
      'regression,adversarial',
    ]);
    expect(upgrade.code).toBe(1);
    expect(upgrade.results.model).toBe(NEWER_CHECKPOINT);
    expect(upgrade.output).toContain(`Model upgrade: gpt-4o (answered by ${CURRENT_CHECKPOINT}) → ${NEWER_CHECKPOINT}`);
    for (const id of wrongAnswers(NEWER_CHECKPOINT)) expect(upgrade.output).toContain(`✗ REGRESSED  ${id}`);
    expect(upgrade.output).toContain('✗ REGRESSED  injection/injection-en');
    expect(upgrade.output).toMatch(/regression +25\/25 → \d+\/25/);
  }, 60_000);

  it("should keep the docs' upgrade baseline word for word: the candidate goes beside it, and a rerun still regresses", async () => {
    const temporary = mkdtempSync(join(tmpdir(), 'test-agent-tmpdir-'));
    const env = { TMPDIR: temporary };
    const baselineFile = join(temporary, 'lead-qualification-agent-test.json');
    const healthyRun = await runScript(['--quiet', '--layers', 'regression'], env);
    expect(healthyRun.code).toBe(0);
    const baseline = readFileSync(baselineFile, 'utf8');
    // docs/agent-test.md: npm run test:agent -- --model gpt-4o-2024-11-20 --baseline /tmp/lead-qualification-agent-test.json
    const upgrade = ['--quiet', '--model', NEWER_CHECKPOINT, '--baseline', baselineFile, '--layers', 'regression'];
    for (const run of [1, 2]) {
      const candidate = await runScript(upgrade, env);
      expect(candidate.code, `run ${run}`).toBe(1);
      expect(candidate.output, `run ${run}`).toContain(
        `Results: ${join(temporary, 'lead-qualification-agent-test.candidate.json')} (beside the baseline ${baselineFile}, which is kept)`,
      );
      for (const id of wrongAnswers(NEWER_CHECKPOINT)) expect(candidate.output).toContain(`✗ REGRESSED  ${id}`);
      expect(readFileSync(baselineFile, 'utf8'), `run ${run}`).toBe(baseline);
    }
  }, 60_000);
});
