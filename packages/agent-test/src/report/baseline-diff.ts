import type { CaseResult, SuiteResults } from '../results';

/** One case's before and after. */
export interface CaseDiff {
  readonly layer: string;
  readonly id: string;
  readonly before: CaseResult | undefined;
  readonly after: CaseResult | undefined;
  /** Passed in the baseline, fails now. */
  readonly regressed: boolean;
  readonly outputChanged: boolean;
}

export interface BaselineDiff {
  readonly beforeModel: string;
  readonly afterModel: string;
  /** The checkpoints that answered (`gen_ai.response.model`) in each run. */
  readonly beforeAnsweredBy: readonly string[];
  readonly afterAnsweredBy: readonly string[];
  readonly cases: readonly CaseDiff[];
  readonly regressions: number;
}

const keyOf = (result: CaseResult) => `${result.layer}\u0000${result.id}`;

/** Case by case (matched by layer and id), what changed between a baseline results file and this run. */
export function diffAgainstBaseline(baseline: SuiteResults, current: SuiteResults): BaselineDiff {
  const before = new Map(baseline.layers.flatMap((layer) => layer.cases).map((result) => [keyOf(result), result]));
  const after = new Map(current.layers.flatMap((layer) => layer.cases).map((result) => [keyOf(result), result]));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const cases = keys.map((key) => {
    const [layer, id] = key.split('\u0000') as [string, string];
    const old = before.get(key);
    const now = after.get(key);
    return {
      layer,
      id,
      before: old,
      after: now,
      regressed: old?.pass === true && now?.pass === false,
      outputChanged: JSON.stringify(old?.output) !== JSON.stringify(now?.output),
    };
  });
  const answeredBy = (results: SuiteResults) => [
    ...new Set(results.layers.flatMap((layer) => layer.cases.flatMap((result) => result.signals.models))),
  ];
  return {
    beforeModel: baseline.model,
    afterModel: current.model,
    beforeAnsweredBy: answeredBy(baseline),
    afterAnsweredBy: answeredBy(current),
    cases,
    regressions: cases.filter((diff) => diff.regressed).length,
  };
}

function number(value: number | undefined, digits = 0): string {
  return value === undefined ? '-' : value.toFixed(digits);
}

function change(before: number | undefined, after: number | undefined, digits = 0): string {
  if (before === undefined || after === undefined || before === after) return number(after, digits);
  const percent = before === 0 ? '' : ` ${after > before ? '+' : ''}${(((after - before) / before) * 100).toFixed(0)}%`;
  return `${number(before, digits)}→${number(after, digits)}${percent}`;
}

/** Leaves of a JSON value by path (`verdict.qualified`), the whole value under `$` when it is not an object. */
function leaves(value: unknown, path = ''): Map<string, string> {
  if (typeof value === 'number') return new Map([[path || '$', String(Number(value.toPrecision(4)))]]);
  if (typeof value !== 'object' || value === null)
    return new Map([[path || '$', JSON.stringify(value) ?? 'undefined']]);
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return new Map(entries.flatMap(([key, item]) => [...leaves(item, path ? `${path}.${key}` : key)]));
}

function shortText(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What changed in the output, field by field: `verdict.qualified true → false`; at most five fields. */
function outputChanges(before: CaseResult | undefined, after: CaseResult | undefined): string[] {
  const describe = (result: CaseResult | undefined) =>
    result === undefined
      ? new Map([['$', '(not run)']])
      : result.error !== undefined
        ? new Map([['$', `threw: ${result.error}`]])
        : leaves(result.output);
  const [old, now] = [describe(before), describe(after)];
  const paths = [...new Set([...old.keys(), ...now.keys()])].filter((path) => old.get(path) !== now.get(path));
  const lines = paths
    .slice(0, 5)
    .map((path) => `${path}: ${shortText(old.get(path) ?? '-')} → ${shortText(now.get(path) ?? '-')}`);
  if (paths.length > 5) lines.push(`and ${paths.length - 5} more fields`);
  return lines;
}

function scores(result: CaseResult | undefined): string {
  if (result === undefined) return '';
  const judged = result.checks
    .filter((check) => check.score !== undefined)
    .map((check) => `${check.name} ${check.score}`);
  const evaluations = Object.entries(result.signals.evaluations)
    .filter(([, score]) => score < 1)
    .map(([name, score]) => `${name} ${score}`);
  return [...judged, ...evaluations].join(', ');
}

/** The side-by-side diff: per layer, the cases whose verdict, output or figures changed, then a summary. */
export function renderBaselineDiff(diff: BaselineDiff): string {
  const answered = (models: readonly string[]) => (models.length > 0 ? ` (answered by ${models.join(', ')})` : '');
  const lines = [
    `Model upgrade: ${diff.beforeModel}${answered(diff.beforeAnsweredBy)} → ${diff.afterModel}${answered(diff.afterAnsweredBy)}`,
  ];
  let lastLayer = '';
  let unchanged = 0;
  for (const item of diff.cases) {
    const { before, after } = item;
    const figuresChanged =
      before?.signals.costUsd !== after?.signals.costUsd ||
      before?.signals.tokens !== after?.signals.tokens ||
      before?.signals.steps !== after?.signals.steps;
    if (!item.outputChanged && before?.pass === after?.pass && !figuresChanged) {
      unchanged += 1;
      continue;
    }
    if (item.layer !== lastLayer) {
      lines.push('', `  ${item.layer}`);
      lastLayer = item.layer;
    }
    const mark = item.regressed
      ? '✗ REGRESSED'
      : before?.pass === false && after?.pass === true
        ? '✓ fixed'
        : '~ changed';
    lines.push(`    ${mark}  ${item.id}`);
    lines.push(`      verdict  ${before?.verdict ?? '-'} → ${after?.verdict ?? '-'}`);
    if (item.outputChanged) {
      for (const [index, change] of outputChanges(before, after).entries()) {
        lines.push(`      ${index === 0 ? 'output ' : '       '}  ${change}`);
      }
    }
    const [beforeScores, afterScores] = [scores(before), scores(after)];
    if (beforeScores !== afterScores) lines.push(`      scores   ${beforeScores || '-'} → ${afterScores || '-'}`);
    lines.push(
      `      cost ${change(before?.signals.costUsd, after?.signals.costUsd, 6)} USD  tokens ${change(before?.signals.tokens, after?.signals.tokens)}  steps ${change(before?.signals.steps, after?.signals.steps)}`,
    );
  }
  lines.push('', '  passed per layer (baseline → now)');
  for (const layer of [...new Set(diff.cases.map((item) => item.layer))]) {
    const items = diff.cases.filter((item) => item.layer === layer);
    const passed = (side: 'before' | 'after') => items.filter((item) => item[side]?.pass === true).length;
    const ran = (side: 'before' | 'after') => items.filter((item) => item[side] !== undefined).length;
    lines.push(`    ${layer.padEnd(12)} ${passed('before')}/${ran('before')} → ${passed('after')}/${ran('after')}`);
  }
  const total = (results: (CaseResult | undefined)[], field: 'costUsd' | 'tokens') =>
    results.reduce((sum, result) => sum + (result?.signals[field] ?? 0), 0);
  const befores = diff.cases.map((item) => item.before);
  const afters = diff.cases.map((item) => item.after);
  lines.push(
    '',
    `  ${unchanged} cases unchanged; ${diff.regressions} regressed; total cost ${change(total(befores, 'costUsd'), total(afters, 'costUsd'), 6)} USD, tokens ${change(total(befores, 'tokens'), total(afters, 'tokens'))}`,
  );
  return lines.join('\n');
}
