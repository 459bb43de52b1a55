import { RUNBOOK_URL } from '../settings.ts';
import type { AlertingRule, FailureCategory, Severity } from './rule-types.ts';

/** The runbook anchor of an alert: its heading in docs/runbook.md is the alert's name. */
export function runbookAnchor(alertName: string): string {
  return alertName.toLowerCase();
}

/** An alerting rule whose `runbook_url` points at the alert's section of docs/runbook.md. */
export function alertRule(options: {
  name: string;
  expr: string;
  for: string;
  severity: Severity;
  category: FailureCategory;
  summary: string;
  description: string;
}): AlertingRule {
  return {
    alert: options.name,
    expr: options.expr,
    for: options.for,
    labels: { severity: options.severity, category: options.category },
    annotations: {
      summary: options.summary,
      description: options.description,
      runbook_url: `${RUNBOOK_URL}#${runbookAnchor(options.name)}`,
    },
  };
}
