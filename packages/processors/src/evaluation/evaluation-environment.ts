import { readFileSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { OncePerKey } from '../internal/processor-guard';
import { parseBoolean } from '../internal/settings';
import type { BuiltinEvaluatorName, EvaluationEvents, LlmJudgeOptions } from './types';

/** Built-in evaluators to run: comma-separated names, `all` (default) or `none`. */
export const EVALUATORS_ENVIRONMENT = 'DRIFTWATCH_EVALUATORS';
/** Which evaluation events to emit: `all` (default), `failures` or `none`. */
export const EVALUATION_EVENTS_ENVIRONMENT = 'DRIFTWATCH_EVALUATION_EVENTS';
export const JUDGE_MODEL_ENVIRONMENT = 'DRIFTWATCH_JUDGE_MODEL';
export const JUDGE_RUBRIC_ENVIRONMENT = 'DRIFTWATCH_JUDGE_RUBRIC';
export const JUDGE_RUBRIC_FILE_ENVIRONMENT = 'DRIFTWATCH_JUDGE_RUBRIC_FILE';
export const JUDGE_SAMPLE_RATE_ENVIRONMENT = 'DRIFTWATCH_JUDGE_SAMPLE_RATE';
export const JUDGE_BUDGET_ENVIRONMENT = 'DRIFTWATCH_JUDGE_BUDGET_PER_MINUTE';
export const JUDGE_TIMEOUT_ENVIRONMENT = 'DRIFTWATCH_JUDGE_TIMEOUT_MS';
export const JUDGE_NAME_ENVIRONMENT = 'DRIFTWATCH_JUDGE_NAME';
export const JUDGE_TARGETS_ENVIRONMENT = 'DRIFTWATCH_JUDGE_TARGETS';

const reported = new OncePerKey();

function warnOnce(name: string, raw: string, fallback: string): void {
  if (!reported.first(`${name}=${raw}`)) return;
  try {
    diag.warn(`@driftwatch/processors: ${name}=${JSON.stringify(raw)} is not valid; using ${fallback}`);
  } catch {
    // diag loggers are user code.
  }
}

function readText(name: string): string | undefined {
  const raw = process.env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function readBoolean(name: string): boolean | undefined {
  const raw = process.env[name];
  const value = parseBoolean(raw);
  if (value !== null) return value;
  warnOnce(name, raw?.trim() ?? '', 'the default');
  return undefined;
}

function readNumber(name: string, valid: (value: number) => boolean): number | undefined {
  const raw = readText(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (Number.isFinite(value) && valid(value)) return value;
  warnOnce(name, raw, 'the default');
  return undefined;
}

/** `DRIFTWATCH_EVALUATOR_PII_LEAKAGE` for `pii_leakage`. */
export function evaluatorEnvironmentName(name: string): string {
  return `DRIFTWATCH_EVALUATOR_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The built-ins `DRIFTWATCH_EVALUATORS` and the per-evaluator switches select, in the order of `all`. */
export function readBuiltinSelection(all: readonly BuiltinEvaluatorName[]): BuiltinEvaluatorName[] {
  const raw = readText(EVALUATORS_ENVIRONMENT);
  let selected = new Set<BuiltinEvaluatorName>(all);
  if (raw !== undefined && raw.toLowerCase() !== 'all') {
    selected = new Set();
    for (const item of raw.toLowerCase().split(',')) {
      const name = item.trim();
      if (name === '' || name === 'none') continue;
      if ((all as readonly string[]).includes(name)) selected.add(name as BuiltinEvaluatorName);
      else warnOnce(EVALUATORS_ENVIRONMENT, raw, `the known names (${all.join(', ')})`);
    }
  }
  for (const name of all) {
    const enabled = readBoolean(evaluatorEnvironmentName(name));
    if (enabled === true) selected.add(name);
    else if (enabled === false) selected.delete(name);
  }
  return all.filter((name) => selected.has(name));
}

export function readEvaluationEvents(): EvaluationEvents {
  const raw = readText(EVALUATION_EVENTS_ENVIRONMENT);
  if (raw === undefined) return 'all';
  const value = raw.toLowerCase();
  if (value === 'all' || value === 'failures' || value === 'none') return value;
  warnOnce(EVALUATION_EVENTS_ENVIRONMENT, raw, 'all');
  return 'all';
}

function readRubric(): string | undefined {
  const inline = readText(JUDGE_RUBRIC_ENVIRONMENT);
  if (inline !== undefined) return inline;
  const path = readText(JUDGE_RUBRIC_FILE_ENVIRONMENT);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (reported.first(`${JUDGE_RUBRIC_FILE_ENVIRONMENT}=${path}`)) {
      diag.error(`@driftwatch/processors: cannot read the judge rubric ${JSON.stringify(path)}; no judge`, error);
    }
    return undefined;
  }
}

function readJudgeTargets(): Array<'llm' | 'agent'> | undefined {
  const raw = readText(JUDGE_TARGETS_ENVIRONMENT);
  if (raw === undefined) return undefined;
  const targets = raw
    .toLowerCase()
    .split(',')
    .map((item) => item.trim());
  if (targets.length > 0 && targets.every((target) => target === 'llm' || target === 'agent')) {
    return targets as Array<'llm' | 'agent'>;
  }
  warnOnce(JUDGE_TARGETS_ENVIRONMENT, raw, 'llm');
  return undefined;
}

/**
 * The judge the `DRIFTWATCH_JUDGE_*` variables configure, or undefined: it needs a model
 * (`DRIFTWATCH_JUDGE_MODEL`, a dated checkpoint) and a rubric (`DRIFTWATCH_JUDGE_RUBRIC`, or a file in
 * `DRIFTWATCH_JUDGE_RUBRIC_FILE`); a model without a rubric is reported once.
 */
export function readJudgeEnvironment(): LlmJudgeOptions | undefined {
  const model = readText(JUDGE_MODEL_ENVIRONMENT);
  if (model === undefined) return undefined;
  const rubric = readRubric();
  if (rubric === undefined) {
    if (reported.first(JUDGE_RUBRIC_ENVIRONMENT)) {
      diag.error(
        `@driftwatch/processors: ${JUDGE_MODEL_ENVIRONMENT} is set but there is no rubric ` +
          `(${JUDGE_RUBRIC_ENVIRONMENT} or ${JUDGE_RUBRIC_FILE_ENVIRONMENT}); no judge`,
      );
    }
    return undefined;
  }
  const options: LlmJudgeOptions = { model, rubric };
  const name = readText(JUDGE_NAME_ENVIRONMENT);
  if (name !== undefined) options.name = name;
  const sampleRate = readNumber(JUDGE_SAMPLE_RATE_ENVIRONMENT, (value) => value >= 0 && value <= 1);
  if (sampleRate !== undefined) options.sampleRate = sampleRate;
  const budget = readNumber(JUDGE_BUDGET_ENVIRONMENT, (value) => value > 0);
  if (budget !== undefined) options.budgetPerMinute = budget;
  const timeout = readNumber(JUDGE_TIMEOUT_ENVIRONMENT, (value) => value > 0);
  if (timeout !== undefined) options.timeoutMillis = timeout;
  const targets = readJudgeTargets();
  if (targets !== undefined) options.targets = targets;
  return options;
}
