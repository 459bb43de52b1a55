// The shape of Prometheus rule files, as the generator writes them.

export type Severity = 'P1' | 'P2';

/** The failure categories of DESIGN.md, plus the telemetry pipeline itself. */
export type FailureCategory = 'silent_failure' | 'model_drift' | 'tool_chain' | 'context_cost' | 'pipeline';

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: Severity; readonly category: FailureCategory };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** One `grafana/alerts/<name>.rules.yml` file. */
export interface RuleFile {
  readonly name: string;
  /** What the file holds, written as its header comment. */
  readonly about: string;
  readonly groups: readonly RuleGroup[];
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return 'alert' in rule;
}
