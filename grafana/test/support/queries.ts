// Every query Driftwatch ships, found in the generated artifacts themselves (dashboard JSON, rule files,
// datasource provisioning), and the parsers' view of them: syntax errors, series names, TraceQL attributes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import type { TreeCursor } from '@lezer/common';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';

export const GRAFANA_ROOT = join(import.meta.dirname, '..', '..');
export const REPOSITORY_ROOT = join(GRAFANA_ROOT, '..');

export interface ShippedQuery {
  /** Where it is: `overview.json > Escalation rate (B)`. */
  readonly source: string;
  readonly query: string;
}

interface PanelJson {
  title?: string;
  type?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ refId?: string; expr?: string; query?: string; datasource?: { type?: string; uid?: string } }>;
  panels?: PanelJson[];
}

export interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
  annotations?: { list?: Array<{ name: string; expr?: string; datasource?: { type?: string; uid?: string } }> };
  templating?: { list?: Array<{ name: string; type: string; query?: unknown; datasource?: { uid?: string } }> };
}

export function dashboardFiles(): Array<{ file: string; dashboard: DashboardJson }> {
  const directory = join(GRAFANA_ROOT, 'dashboards');
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(directory, file), 'utf8')) as DashboardJson }));
}

function allPanels(panels: readonly PanelJson[]): PanelJson[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

/** PromQL of panels and annotations, and the series selectors of `label_values(...)` variables. */
export function dashboardPromQueries(): ShippedQuery[] {
  const queries: ShippedQuery[] = [];
  for (const { file, dashboard } of dashboardFiles()) {
    for (const panel of allPanels(dashboard.panels)) {
      for (const target of panel.targets ?? []) {
        const type = target.datasource?.type ?? panel.datasource?.type;
        if (type === 'prometheus' && target.expr !== undefined) {
          queries.push({ source: `${file} > ${panel.title} (${target.refId})`, query: target.expr });
        }
      }
    }
    for (const annotation of dashboard.annotations?.list ?? []) {
      if (annotation.expr !== undefined) {
        queries.push({ source: `${file} > annotation ${annotation.name}`, query: annotation.expr });
      }
    }
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type !== 'query' || typeof variable.query !== 'string') continue;
      const match = /^label_values\((.+),\s*[a-zA-Z_][a-zA-Z0-9_]*\)$/.exec(variable.query);
      if (match === null)
        throw new Error(`${file}: variable ${variable.name} has an unexpected query ${variable.query}`);
      queries.push({ source: `${file} > variable ${variable.name}`, query: match[1] as string });
    }
  }
  return queries;
}

export function dashboardTraceQueries(): ShippedQuery[] {
  const queries: ShippedQuery[] = [];
  for (const { file, dashboard } of dashboardFiles()) {
    for (const panel of allPanels(dashboard.panels)) {
      for (const target of panel.targets ?? []) {
        const type = target.datasource?.type ?? panel.datasource?.type;
        if (type === 'tempo' && target.query !== undefined) {
          queries.push({ source: `${file} > ${panel.title}`, query: target.query });
        }
      }
    }
  }
  return queries;
}

/** Expressions of the shipped rule files (grafana/alerts/*.rules.yml). */
export function ruleQueries(directory = join(GRAFANA_ROOT, 'alerts')): ShippedQuery[] {
  const queries: ShippedQuery[] = [];
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.rules.yml'))) {
    const content = parse(readFileSync(join(directory, file), 'utf8')) as {
      groups: Array<{ rules: Array<{ record?: string; alert?: string; expr: string }> }>;
    };
    for (const group of content.groups) {
      for (const rule of group.rules) {
        queries.push({ source: `${file} > ${rule.alert ?? rule.record}`, query: rule.expr });
      }
    }
  }
  return queries;
}

/** Recording rule names the shipped rule files define. */
export function recordedSeries(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(join(GRAFANA_ROOT, 'alerts')).filter((name) => name.endsWith('.rules.yml'))) {
    const content = parse(readFileSync(join(GRAFANA_ROOT, 'alerts', file), 'utf8')) as {
      groups: Array<{ rules: Array<{ record?: string }> }>;
    };
    for (const group of content.groups) for (const rule of group.rules) if (rule.record) names.add(rule.record);
  }
  return names;
}

/** The PromQL queries of the datasource provisioning (traces -> metrics). */
export function provisioningPromQueries(): ShippedQuery[] {
  const path = join(REPOSITORY_ROOT, 'deploy/grafana/provisioning/datasources/driftwatch.yaml');
  const content = parse(readFileSync(path, 'utf8')) as {
    datasources: Array<{
      name: string;
      jsonData?: { tracesToMetrics?: { queries?: Array<{ name: string; query: string }> } };
    }>;
  };
  return content.datasources.flatMap((datasource) =>
    (datasource.jsonData?.tracesToMetrics?.queries ?? []).map((query) => ({
      source: `datasource ${datasource.name} > ${query.name}`,
      query: query.query,
    })),
  );
}

/** Grafana's macros and the dashboards' variables, replaced by values any Prometheus accepts. */
export function substituteGrafanaVariables(query: string, values: { rateInterval?: string } = {}): string {
  return query
    .replaceAll('$__rate_interval', values.rateInterval ?? '1m')
    .replaceAll('$__interval', '15s')
    .replaceAll('$__range', '5m')
    .replaceAll('$__tags', 'service_name="lead-qualifier"')
    .replaceAll('$cost_threshold', '0.05')
    .replaceAll('$score_threshold', '0.5')
    .replaceAll('$evaluation', 'schema_compliance')
    .replace(/\$(environment|service|agent|model|tool)\b/g, '.*');
}

function cursorErrors(cursor: TreeCursor, text: string): string[] {
  const errors: string[] = [];
  do {
    if (cursor.type.isError)
      errors.push(`syntax error at ${cursor.from}: "${text.slice(cursor.from, cursor.from + 30)}"`);
  } while (cursor.next());
  return errors;
}

export function promqlErrors(query: string): string[] {
  return cursorErrors(promqlParser.parse(query).cursor(), query);
}

export function traceqlErrors(query: string): string[] {
  return cursorErrors(traceqlParser.parse(query).cursor(), query);
}

/** Every series name a PromQL query selects: `name{...}` and `{__name__="name"}`. */
export function seriesNames(query: string): string[] {
  const names: string[] = [];
  const tree = promqlParser.parse(query);
  tree.iterate({
    enter(node) {
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier !== null) names.push(query.slice(identifier.from, identifier.to));
      }
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
        const text = query.slice(node.from, node.to);
        const match = /^__name__\s*(=|=~)\s*"(.*)"$/.exec(text);
        if (match) names.push(...(match[1] === '=' ? [match[2] as string] : (match[2] as string).split('|')));
      }
    },
  });
  return names;
}

/** Attribute names of a TraceQL query by scope: `span.gen_ai.agent.name` -> ['span', 'gen_ai.agent.name']. */
export function traceqlAttributes(query: string): Array<{ scope: string; name: string }> {
  const attributes: Array<{ scope: string; name: string }> = [];
  traceqlParser.parse(query).iterate({
    enter(node) {
      if (node.name !== 'AttributeField') return;
      const text = query.slice(node.from, node.to);
      const dot = text.indexOf('.');
      attributes.push({ scope: text.slice(0, dot), name: text.slice(dot + 1) });
    },
  });
  return attributes;
}
