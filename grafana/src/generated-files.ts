// The generated files, by path under grafana/: what `generate.ts` writes and what the tests compare.
import { ALERT_TEST_FILES } from './alert-tests/alert-test-files.ts';
import { renderAlertTestFile } from './alert-tests/render-unit-tests.ts';
import { RULE_FILES, renderRuleFile, ruleFileName } from './alerts/rule-files.ts';
import { type AlertingRule, isAlertingRule } from './alerts/rule-types.ts';
import { DASHBOARD_FILES, renderDashboard } from './dashboards/dashboard-files.ts';
import { datasourceProvisioning } from './dashboards/datasource-provisioning.ts';
import { DEMO_SCALE, fastRuleFile } from './fast-rules.ts';

/** Relative to grafana/. */
export const DATASOURCE_PROVISIONING_PATH = '../deploy/grafana/provisioning/datasources/driftwatch.yaml';

export interface GeneratedFile {
  /** Relative to grafana/. */
  readonly path: string;
  readonly content: string;
}

/** Every alerting rule of the shipped files, by name. */
export function alertingRules(): Map<string, AlertingRule> {
  const rules = new Map<string, AlertingRule>();
  for (const file of RULE_FILES) {
    for (const group of file.groups)
      for (const rule of group.rules) if (isAlertingRule(rule)) rules.set(rule.alert, rule);
  }
  return rules;
}

export function generatedFiles(): GeneratedFile[] {
  const rules = alertingRules();
  return [
    ...RULE_FILES.map((file) => ({ path: `alerts/${ruleFileName(file)}`, content: renderRuleFile(file) })),
    ...RULE_FILES.map((file) => ({
      path: `alerts/demo/${ruleFileName(file)}`,
      content: fastRuleFile(renderRuleFile(file), { ...DEMO_SCALE, source: ruleFileName(file) }),
    })),
    ...ALERT_TEST_FILES.map((file) => ({
      path: `alerts/${file.ruleFile}.test.yml`,
      content: renderAlertTestFile(file, rules),
    })),
    ...DASHBOARD_FILES.map((file) => ({ path: `dashboards/${file.fileName}`, content: renderDashboard(file) })),
    { path: DATASOURCE_PROVISIONING_PATH, content: datasourceProvisioning() },
  ];
}
