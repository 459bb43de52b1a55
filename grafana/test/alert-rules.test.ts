// The alert rules: promtool checks and unit tests (fire, stay quiet when healthy or on low traffic, resolve), the
// shape every alert must have, the fast-variant generator and the exporter-prometheus renames.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { METRICS, prometheusMetricName } from '@driftwatch/semconv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_TEST_FILES } from '../src/alert-tests/alert-test-files.ts';
import { renderAnnotation } from '../src/alert-tests/render-unit-tests.ts';
import { counter, gauge } from '../src/alert-tests/series-notation.ts';
import { groupEvaluationOrder } from '../src/alerts/rule-files.ts';
import { isAlertingRule, type RuleGroup } from '../src/alerts/rule-types.ts';
import {
  DEMO_SCALE,
  fastRuleFile,
  formatDuration,
  parseDuration,
  type ScaleOptions,
  scaleExpression,
} from '../src/fast-rules.ts';
import { alertingRules } from '../src/generated-files.ts';
import { jsExporterMetricName, jsExporterRelabelConfigs } from '../src/scrape-relabel.ts';
import { requireBinaries } from './support/binaries.ts';
import { GRAFANA_ROOT } from './support/queries.ts';

const run = promisify(execFile);
const ALERTS = join(GRAFANA_ROOT, 'alerts');
const { paths, skipReason } = requireBinaries('promtool');

describe('promtool', () => {
  it.skipIf(skipReason !== '')(`checks every shipped and demo rule file${skipReason}`, async () => {
    const files = [
      ...readdirSync(ALERTS)
        .filter((name) => name.endsWith('.rules.yml'))
        .map((name) => join(ALERTS, name)),
      ...readdirSync(join(ALERTS, 'demo')).map((name) => join(ALERTS, 'demo', name)),
    ];
    expect(files).toHaveLength(12);
    const { stdout } = await run(paths.promtool, ['check', 'rules', ...files]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(12);
  });

  // promtool runs one test file per process: start them all at once (vitest runs this file's tests one by one).
  const results = new Map<string, Promise<string>>();
  beforeAll(() => {
    if (skipReason !== '') return;
    for (const file of ALERT_TEST_FILES) {
      const output = run(paths.promtool, ['test', 'rules', `${file.ruleFile}.test.yml`], { cwd: ALERTS }).then(
        ({ stdout }) => stdout,
        (error: { stdout?: string; stderr?: string }) => `${error.stdout}\n${error.stderr}`,
      );
      results.set(file.ruleFile, output);
    }
  });

  it('evaluates every loaded group, recording groups before the alerts that read them', () => {
    // Prometheus 3's lookback is open at its start: at promtool's 5-minute steps an alert evaluated before its
    // recording group would read nothing (grafana/src/alerts/rule-files.ts, groupEvaluationOrder).
    for (const file of ALERT_TEST_FILES) {
      const test = parse(readFileSync(join(ALERTS, `${file.ruleFile}.test.yml`), 'utf8')) as {
        rule_files: string[];
        group_eval_order: string[];
      };
      const groups = test.rule_files.flatMap(
        (name) => (parse(readFileSync(join(ALERTS, name), 'utf8')) as { groups: RuleGroup[] }).groups,
      );
      const position = (group: RuleGroup) => test.group_eval_order.indexOf(group.name);
      expect([...test.group_eval_order].sort()).toEqual(groups.map((group) => group.name).sort());
      const recording = groups.filter((group) => !group.rules.some(isAlertingRule)).map(position);
      const alerting = groups.filter((group) => group.rules.some(isAlertingRule)).map(position);
      expect(Math.max(-1, ...recording)).toBeLessThan(Math.min(...alerting));
    }
    expect(groupEvaluationOrder(['context-cost.rules.yml', 'driftwatch-budget.rules.yml'])).toEqual([
      'driftwatch-context-cost-statistics',
      'driftwatch-budget',
      'driftwatch-context-cost',
    ]);
  });

  it.each(ALERT_TEST_FILES.map((file) => [file.ruleFile]))(
    `unit-tests %s.rules.yml (promtool test rules)${skipReason}`,
    async (ruleFile) => {
      if (skipReason !== '') return;
      const output = await results.get(ruleFile);
      expect(output).toContain('SUCCESS');
      expect(output).not.toContain('FAILED');
    },
    240_000,
  );
});

describe('every alerting rule', () => {
  const rules = [...alertingRules().values()];
  const runbook = readFileSync(join(GRAFANA_ROOT, '..', 'docs', 'runbook.md'), 'utf8');
  const runbookHeadings = [...runbook.matchAll(/^### (Driftwatch\w+)$/gm)].map((match) => match[1]);

  it('covers the issue: the seed runbook and the additional alerts', () => {
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'DriftwatchBusinessOutcomeDrop',
      'DriftwatchContextWindowNearlyFull',
      'DriftwatchCostPerRunHigh',
      'DriftwatchDailySpendOverBudget',
      'DriftwatchEscalationRateHigh',
      'DriftwatchEvaluationsDropping',
      'DriftwatchLlmFallbackRateHigh',
      'DriftwatchModelCheckpointChanged',
      'DriftwatchQualityScoreDrop',
      'DriftwatchRepeatRateHigh',
      'DriftwatchStepsPerRunUp',
      'DriftwatchTokensPerRunHigh',
      'DriftwatchToolCallsAllFailing',
      'DriftwatchToolErrorRatioHigh',
      'DriftwatchUnpinnedModelInProduction',
    ]);
  });

  it.each(rules.map((rule) => [rule.alert, rule]))('%s has a severity, a summary, a description', (_name, rule) => {
    expect(['P1', 'P2']).toContain(rule.labels.severity);
    expect(rule.annotations.summary.length).toBeGreaterThan(20);
    expect(rule.annotations.description.length).toBeGreaterThan(rule.annotations.summary.length);
    expect(rule.expr).not.toMatch(/\b(job|instance)\b/);
  });

  it.each(rules.map((rule) => [rule.alert, rule]))(
    '%s links a runbook section that exists in docs/runbook.md',
    (_name, rule) => {
      const [file, anchor] = rule.annotations.runbook_url.split('#');
      expect(file).toBe('docs/runbook.md');
      expect(runbookHeadings.map((heading) => heading?.toLowerCase())).toContain(anchor);
    },
  );

  it('has its runbook section, and every section has its alert', () => {
    expect([...runbookHeadings].sort()).toEqual(rules.map((rule) => rule.alert).sort());
  });

  it.each(rules.map((rule) => [rule.alert]))(
    '%s has promtool tests that fire it, keep it quiet, and see it resolve',
    (name) => {
      const checks = ALERT_TEST_FILES.flatMap((file) => file.tests).flatMap((test) =>
        test.checks.filter((check) => check.alert === name).map((check) => ({ test, check })),
      );
      const fires = checks.filter(({ check }) => check.firing.length > 0);
      expect(fires.length, 'a check where it fires').toBeGreaterThan(0);
      expect(
        checks.some(({ check }) => check.firing.length === 0),
        'a check where it is quiet (healthy or low traffic)',
      ).toBe(true);
      const resolves = fires.some(({ test, check }) =>
        test.checks.some(
          (later) =>
            later.alert === name && later.firing.length === 0 && parseDuration(later.at) > parseDuration(check.at),
        ),
      );
      expect(resolves, 'a later check in the same test where it no longer fires').toBe(true);
    },
  );
});

describe('promtool test helpers', () => {
  it('write counters continuously across phases, and series absent until their first increment', () => {
    expect(
      counter([
        [10, 3],
        [0, 2],
        [5, 1],
      ]),
    ).toBe('0+10x3 30+0x1 35+5x0');
    expect(counter([[7, 3]], 4)).toBe('_x4 7+7x2');
    expect(gauge([undefined, 2], [1, 3])).toBe('_x2 1x2');
  });

  it('render annotations as Prometheus does, and refuse templates they cannot render', () => {
    expect(renderAnnotation('{{ $labels.a }} at {{ $value | humanizePercentage }}', { a: 'x' }, 1 / 6)).toBe(
      'x at 16.67%',
    );
    expect(renderAnnotation('{{ $value | printf "%.2f" }} {{ $labels.missing }}|', {}, 0.6)).toBe('0.60 |');
    expect(() => renderAnnotation('{{ $value | humanize }}', {}, 1)).toThrow(/unsupported/);
  });
});

describe('fast variant of the rules', () => {
  const scale: ScaleOptions = { factor: 360, minimumRangeMillis: 6000, groupInterval: '1s' };

  it('reads and writes Prometheus durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('1x')).toThrow();
    expect(formatDuration(10_000)).toBe('10s');
    expect(formatDuration(240_000)).toBe('4m');
    expect(formatDuration(2_500)).toBe('2500ms');
  });

  it('divides ranges, subquery windows and offsets, and keeps ranges at the minimum', () => {
    expect(scaleExpression('rate(x[1h]) > 2 * avg_over_time(y[7d] offset 1h)', scale)).toBe(
      'rate(x[10s]) > 2 * avg_over_time(y[28m] offset 10s)',
    );
    expect(scaleExpression('increase(x[10m]) and max_over_time(rate(y[5m])[1d:5m])', scale)).toBe(
      'increase(x[6s]) and max_over_time(rate(y[6s])[4m:6s])',
    );
    expect(() => scaleExpression('rate(x[1h]', scale)).toThrow(/syntax/);
  });

  it('keeps every rule, label and annotation of the shipped file, and only changes durations', () => {
    for (const name of readdirSync(ALERTS).filter((file) => file.endsWith('.rules.yml'))) {
      const shipped = parse(readFileSync(join(ALERTS, name), 'utf8')) as {
        groups: Array<{ name: string; rules: Array<Record<string, unknown>> }>;
      };
      const fast = parse(fastRuleFile(readFileSync(join(ALERTS, name), 'utf8'), { ...scale, source: name })) as {
        groups: Array<{ name: string; interval: string; rules: Array<Record<string, unknown>> }>;
      };
      expect(fast.groups.map((group) => group.name)).toEqual(shipped.groups.map((group) => group.name));
      fast.groups.forEach((group, index) => {
        expect(group.interval).toBe('1s');
        group.rules.forEach((rule, ruleIndex) => {
          const original = shipped.groups[index]?.rules[ruleIndex] as Record<string, unknown>;
          expect({ ...rule, expr: undefined, for: undefined }).toEqual({
            ...original,
            expr: undefined,
            for: undefined,
          });
          const withoutDurations = (text: unknown) => String(text).replace(/\[[^\]]+\]|offset \w+/g, '');
          expect(withoutDurations(rule.expr)).toBe(withoutDurations(original.expr));
          if (original.for !== undefined) {
            expect(parseDuration(rule.for as string)).toBe(Math.round(parseDuration(original.for as string) / 360));
          }
        });
      });
    }
  });

  it('makes the committed demo variant: an hour of the shipped rules is one 20-second day of npm run demo', () => {
    expect(DEMO_SCALE.factor * 20 * 1000).toBe(3_600_000);
  });
});

describe('exporter-prometheus renames', () => {
  it('name each metric as exporter-prometheus does: no unit suffix, _total on counters', () => {
    const names = Object.fromEntries(METRICS.map((metric) => [metric.name, jsExporterMetricName(metric)]));
    expect(names['gen_ai.client.operation.duration']).toBe('gen_ai_client_operation_duration');
    expect(names['driftwatch.tool.calls']).toBe('driftwatch_tool_calls_total');
    expect(names['driftwatch.model.checkpoint']).toBe('driftwatch_model_checkpoint');
  });

  it('rename every exporter-prometheus series to the canonical name, and only those that differ', () => {
    const configs = jsExporterRelabelConfigs();
    const rename = (name: string) => {
      for (const config of configs) {
        const match = new RegExp(`^(?:${config.regex})$`).exec(name);
        if (match) return config.replacement.replace(`$\{1}`, match[1] ?? '');
      }
      return name;
    };
    for (const metric of METRICS) {
      const from = jsExporterMetricName(metric);
      if (metric.instrument === 'histogram') {
        for (const suffix of ['bucket', 'sum', 'count']) {
          expect(rename(`${from}_${suffix}`)).toBe(`${metric.prometheusName}_${suffix}`);
        }
      } else expect(rename(from)).toBe(metric.prometheusName);
      expect(metric.prometheusName).toBe(prometheusMetricName(metric));
    }
    expect(configs.map((config) => config.replacement)).toEqual([
      `gen_ai_client_operation_duration_seconds_$\{1}`,
      `gen_ai_client_operation_time_to_first_chunk_seconds_$\{1}`,
      `driftwatch_agent_duration_seconds_$\{1}`,
      `driftwatch_tool_duration_seconds_$\{1}`,
    ]);
  });
});
