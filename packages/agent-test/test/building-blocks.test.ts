import { describe, expect, it } from 'vitest';
import { judgeOutput } from '../src/checks/judge-check';
import { checkSignal } from '../src/checks/signal-check';
import { detectConflicts } from '../src/layers/conflict-detector';
import { malformed } from '../src/layers/fault-modes';
import { diffAgainstBaseline } from '../src/report/baseline-diff';
import { junitReport } from '../src/report/junit-report';
import type { CaseResult, SuiteResults } from '../src/results';
import { classifyRun } from '../src/runner/verdict';
import type { RunSignals } from '../src/types';

const signals = (overrides: Partial<RunSignals> = {}): RunSignals => ({
  outcome: 'success',
  escalated: false,
  escalationCategory: undefined,
  errorType: undefined,
  llmCalls: 1,
  toolCalls: 0,
  toolErrors: 0,
  toolErrorTypes: [],
  tools: [],
  steps: 1,
  inputTokens: 10,
  outputTokens: 5,
  tokens: 15,
  costUsd: 0.001,
  contextFill: 0.1,
  maxInputTokens: 10,
  models: ['gpt-4o-2024-08-06'],
  evaluations: {},
  ...overrides,
});

const caseResult = (id: string, pass: boolean, output: unknown): CaseResult => ({
  layer: 'regression',
  id,
  caseId: id,
  pass,
  verdict: pass ? 'correct' : 'confidently_wrong',
  output,
  checks: pass ? [] : [{ name: 'expected', pass: false, message: 'a < b & "c"' }],
  signals: signals(),
  durationMs: 5,
  traceId: 'f'.repeat(32),
});

const suiteResults = (model: string, cases: CaseResult[]): SuiteResults => ({
  format: 'driftwatch-agent-test/1',
  suite: 'demo',
  runId: 'r1',
  model,
  startedAt: '2026-12-07T00:00:00.000Z',
  durationMs: 10,
  pass: cases.every((c) => c.pass),
  layers: [{ name: 'regression', pass: cases.every((c) => c.pass), cases, findings: [], durationMs: 10 }],
});

describe('the kit building blocks', () => {
  it('should classify a run: checks first, then escalation, refusal, loud failure, silence, wrong', () => {
    const failing = [{ name: 'x', pass: false }];
    const classify = (options: Partial<Parameters<typeof classifyRun>[0]>) =>
      classifyRun({
        threw: false,
        checks: failing,
        signals: signals(),
        output: { a: 1 },
        isRefusal: () => false,
        ...options,
      });
    expect(classify({ checks: [] })).toBe('correct');
    expect(classify({ threw: true, checks: [] })).toBe('failed_loudly');
    expect(classify({ signals: signals({ escalated: true }) })).toBe('escalated');
    expect(classify({ isRefusal: () => true })).toBe('refused');
    expect(classify({ signals: signals({ outcome: 'error' }) })).toBe('failed_loudly');
    expect(classify({ output: '  ' })).toBe('silent_failure');
    expect(classify({})).toBe('confidently_wrong');
  });

  it('should mangle a result: first field gone, types swapped, nested objects null', () => {
    expect(malformed({ id: 'L-1', status: 'qualified', score: 0.8, ok: true, owner: { team: 'smb' } })).toEqual({
      status: 9,
      score: '0.8',
      ok: 'yes',
      owner: null,
    });
    expect(malformed([1, 2])).toEqual({ items: 2 });
    expect(malformed('text')).toEqual({});
  });

  it('should report different values written to one resource by two runs as a conflict, the same as a note', () => {
    const write = (run: number, key: string, value: string, startedAt: number) => ({
      tool: 'update_crm',
      key,
      run,
      argumentsJson: value,
      startedAt,
      endedAt: startedAt + 10,
    });
    const findings = detectConflicts([
      write(1, 'L-1', '{"q":true}', 0),
      write(2, 'L-1', '{"q":false}', 5),
      write(3, 'L-2', '{"q":true}', 0),
      write(4, 'L-2', '{"q":true}', 50),
      write(5, 'L-3', '{"q":true}', 0),
    ]);
    expect(findings).toEqual([
      {
        id: 'conflict update_crm L-1',
        severity: 'fail',
        message:
          'update_crm L-1 written by runs #1, #2 with 2 different values, overlapping in time: the last write wins',
      },
      {
        id: 'shared update_crm L-2',
        severity: 'note',
        message: 'update_crm L-2 written by runs #3, #4 with the same value (idempotent)',
      },
    ]);
  });

  it('should check signals by equality, membership and bounds, and say what it measured', () => {
    const measured = signals({ costUsd: 0.03, toolErrorTypes: ['update_crm 500'] });
    expect(checkSignal({ signal: 'cost_usd', max: 0.02 }, measured)).toEqual({
      name: 'signal cost_usd',
      pass: false,
      message: 'cost_usd = 0.03: above 0.02',
    });
    expect(checkSignal({ signal: 'tool_error_types', includes: 'update_crm 500' }, measured).pass).toBe(true);
    expect(checkSignal({ signal: 'evaluation.json_validity', min: 1 }, measured).message).toBe(
      'evaluation.json_validity = undefined: not measured',
    );
    expect(() => checkSignal({ signal: 'nonsense', equals: 1 }, measured)).toThrow('unknown signal "nonsense"');
  });

  it('should refuse a judge on a floating model alias before calling anything', async () => {
    const result = await judgeOutput({
      spec: { rubric: 'be right' },
      endpoint: { model: 'gpt-4o', baseURL: 'http://127.0.0.1:1', apiKey: undefined },
      input: 'x',
      output: 'y',
      name: 'judge',
    });
    expect(result).toEqual({
      name: 'judge',
      pass: false,
      message: 'judge model "gpt-4o" is a floating alias: name a dated checkpoint',
    });
  });

  it('should count a case that passed in the baseline and fails now as a regression, and a fixed one as none', () => {
    const before = suiteResults('gpt-4o', [
      caseResult('a', true, 1),
      caseResult('b', false, 2),
      caseResult('c', true, 3),
    ]);
    const after = suiteResults('gpt-4o-2024-11-20', [
      caseResult('a', false, 9),
      caseResult('b', true, 2),
      caseResult('c', true, 3),
    ]);
    const diff = diffAgainstBaseline(before, after);
    expect(diff.regressions).toBe(1);
    expect(diff.cases.map((item) => [item.id, item.regressed, item.outputChanged])).toEqual([
      ['a', true, true],
      ['b', false, false],
      ['c', false, false],
    ]);
  });

  it('should write JUnit XML that escapes what outputs put in messages', () => {
    const xml = junitReport(suiteResults('gpt-4o', [caseResult('ok', true, 1), caseResult('bad <case>', false, 2)]));
    expect(xml).toContain('<testsuite name="regression" tests="2" failures="1"');
    expect(xml).toContain('name="bad &lt;case&gt;"');
    expect(xml).toContain('expected: a &lt; b &amp; &quot;c&quot;');
    expect(xml).not.toContain('a < b');
  });
});
