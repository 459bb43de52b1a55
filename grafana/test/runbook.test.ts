// docs/runbook.md against what ships: every section names its category and severity as the rule does, every panel
// it sends the reader to exists on that dashboard, every TraceQL search parses and names semconv attributes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as semconv from '@driftwatch/semconv';
import { describe, expect, it } from 'vitest';
import { EVALUATION_SCORE_ATTRIBUTE } from '../src/dashboards/traceql.ts';
import { alertingRules } from '../src/generated-files.ts';
import { RESOURCE_SERVICE_NAME } from '../src/names.ts';
import { dashboardFiles, REPOSITORY_ROOT, traceqlAttributes, traceqlErrors } from './support/queries.ts';

const runbook = readFileSync(join(REPOSITORY_ROOT, 'docs', 'runbook.md'), 'utf8');
const sections = runbook
  .split(/^### /m)
  .slice(1)
  .map((section) => ({ name: section.slice(0, section.indexOf('\n')).trim(), body: section }));

const panelsByDashboard = new Map(
  dashboardFiles().map(({ dashboard }) => [
    dashboard.title,
    new Set(dashboard.panels.filter((panel) => panel.type !== 'row').map((panel) => panel.title)),
  ]),
);

const CATEGORY_WORDS: Record<string, string> = {
  silent_failure: 'silent failure',
  model_drift: 'model drift',
  tool_chain: 'tool-chain brittleness',
  context_cost: 'cost',
  pipeline: 'pipeline',
};

describe('docs/runbook.md', () => {
  it('has one section per alert', () => {
    expect(sections.map((section) => section.name).sort()).toEqual([...alertingRules().keys()].sort());
  });

  it.each(sections.map((section) => [section.name, section.body]))(
    '%s says what it means, its category and severity, what to do, and where to look',
    (name, body) => {
      const rule = alertingRules().get(name);
      expect(rule).toBeDefined();
      for (const part of ['**Means:**', '**Category:**', '**Immediate action:**', '**Investigate:**']) {
        expect(body).toContain(part);
      }
      expect(body).toContain(`**Severity:** ${rule?.labels.severity}`);
      expect(body.toLowerCase()).toContain(CATEGORY_WORDS[rule?.labels.category ?? ''] ?? '?');
      expect(body).toContain('```traceql');
    },
  );

  it.each(sections.map((section) => [section.name, section.body]))(
    '%s sends the reader only to panels that exist',
    (_name, body) => {
      let current: string | undefined;
      const references: string[] = [];
      // "**Driftwatch / Tools › Error ratio by tool** and **Failed calls ...**": a bare title belongs to the
      // dashboard named last.
      for (const match of body.matchAll(/\*\*([^*]+)\*\*/g)) {
        const text = (match[1] as string).replace(/\s+/g, ' ').trim();
        if (text.endsWith(':')) continue;
        const full = /^(Driftwatch \/ [^›]+?) › (.+)$/.exec(text);
        if (full) {
          current = full[1] as string;
          references.push(`${current} › ${full[2]}`);
        } else if (current !== undefined && !/^(P1|P2)$/.test(text)) references.push(`${current} › ${text}`);
      }
      expect(references.length).toBeGreaterThan(0);
      const missing = references.filter((reference) => {
        const [dashboard, panel] = reference.split(' › ');
        return !panelsByDashboard.get(dashboard as string)?.has(panel as string);
      });
      expect(missing).toEqual([]);
    },
  );

  it.each(sections.map((section) => [section.name, section.body]))(
    '%s gives TraceQL that parses and names semconv attributes',
    (_name, body) => {
      const known = new Set([
        ...Object.entries(semconv)
          .filter(([key, value]) => key.startsWith('ATTR_') && typeof value === 'string')
          .map(([, value]) => value as string),
        RESOURCE_SERVICE_NAME,
        EVALUATION_SCORE_ATTRIBUTE('schema_compliance'),
      ]);
      const blocks = [...body.matchAll(/```traceql\n\s*(.+?)\n\s*```/gs)].map((match) => (match[1] as string).trim());
      expect(blocks.length).toBeGreaterThan(0);
      for (const query of blocks) {
        expect(traceqlErrors(query), query).toEqual([]);
        const unknown = traceqlAttributes(query).filter((attribute) => !known.has(attribute.name));
        expect(unknown, query).toEqual([]);
      }
    },
  );
});
