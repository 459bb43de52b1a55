import { isDeepStrictEqual } from 'node:util';
import { reportable } from '../runner/shortened';
import type { CheckInput, CheckResult, CheckSpec, CheckVerdict, TestCase } from '../types';
import { mismatches } from './deep-match';
import { type JudgeEndpoint, judgeOutput } from './judge-check';
import { textOf, valueAt } from './output-path';
import { schemaIssues } from './schema-check';
import { checkSignal } from './signal-check';

const at = (path: string | undefined) => (path === undefined ? '' : ` ${path}`);

async function runOne(spec: CheckSpec, input: CheckInput, judge: JudgeEndpoint): Promise<CheckResult> {
  const path = 'path' in spec ? spec.path : undefined;
  const value = valueAt(input.output, path);
  if ('equals' in spec && !('signal' in spec)) {
    const equal = isDeepStrictEqual(value, spec.equals);
    const message = equal ? '' : `expected ${textOf(spec.equals)}, got ${textOf(value)}`;
    return { name: spec.name ?? `equals${at(path)}`, pass: equal, message };
  }
  if ('contains' in spec) {
    const text = textOf(value);
    const found = spec.ignoreCase
      ? text.toLowerCase().includes(spec.contains.toLowerCase())
      : text.includes(spec.contains);
    return { name: spec.name ?? `contains${at(path)}`, pass: found, message: found ? '' : `no "${spec.contains}"` };
  }
  if ('regex' in spec) {
    const matched = new RegExp(spec.regex, spec.flags).test(textOf(value));
    return {
      name: spec.name ?? `regex${at(path)}`,
      pass: matched,
      message: matched ? '' : `no match for /${spec.regex}/`,
    };
  }
  if ('schema' in spec) {
    const issues = await schemaIssues(spec.schema, value);
    return { name: spec.name ?? `schema${at(path)}`, pass: issues.length === 0, message: issues.join('; ') };
  }
  if ('check' in spec) {
    const answer: boolean | CheckVerdict = await spec.check(input);
    const verdict = typeof answer === 'boolean' ? { pass: answer } : answer;
    const message = verdict.message ?? (verdict.pass === true ? '' : 'returned false');
    return { name: spec.name ?? 'custom check', pass: verdict.pass === true, message };
  }
  if ('judge' in spec) {
    return judgeOutput({
      spec: spec.judge,
      endpoint: judge,
      input: input.input,
      output: input.output,
      name: spec.name ?? 'judge',
    });
  }
  return checkSignal(spec, input.signals);
}

/** The checks of a case: its `expected` output, its own checks and the suite's; a throwing check fails. */
export async function runChecks(options: {
  readonly testCase: Pick<TestCase, 'expected' | 'checks'>;
  readonly suiteChecks: readonly CheckSpec[];
  readonly input: CheckInput;
  readonly judge: JudgeEndpoint;
}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const { testCase, input } = options;
  if (testCase.expected !== undefined) {
    const problems = mismatches(testCase.expected, input.output);
    results.push({ name: 'expected', pass: problems.length === 0, message: reportable(problems.join('; ')) });
  }
  for (const spec of [...(testCase.checks ?? []), ...options.suiteChecks]) {
    try {
      const result = await runOne(spec, input, options.judge);
      results.push(result.message === undefined ? result : { ...result, message: reportable(result.message) });
    } catch (error) {
      results.push({
        name: spec.name ?? 'check',
        pass: false,
        message: reportable(`the check threw: ${(error as Error)?.message ?? String(error)}`),
      });
    }
  }
  return results;
}
