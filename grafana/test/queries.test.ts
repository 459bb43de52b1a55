// Every shipped query, statically: PromQL and TraceQL parse, every series is one the semconv table (or a
// recording rule, or Prometheus itself) produces, every TraceQL attribute is a semconv attribute, PromQL
// type-checks in promtool, and the committed artifacts are exactly what the generator writes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as semconv from '@driftwatch/semconv';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PROMETHEUS_DATASOURCE, TEMPO_DATASOURCE } from '../src/dashboards/datasources.ts';
import { EVALUATION_SCORE_ATTRIBUTE, TRACEQL } from '../src/dashboards/traceql.ts';
import { generatedFiles } from '../src/generated-files.ts';
import { PROMETHEUS_BUILTIN_SERIES, RESOURCE_SERVICE_NAME, semconvSeriesNames } from '../src/names.ts';
import { requireBinaries } from './support/binaries.ts';
import {
  dashboardFiles,
  dashboardPromQueries,
  dashboardTraceQueries,
  GRAFANA_ROOT,
  promqlErrors,
  provisioningPromQueries,
  recordedSeries,
  ruleQueries,
  seriesNames,
  substituteGrafanaVariables,
  traceqlAttributes,
  traceqlErrors,
} from './support/queries.ts';

const run = promisify(execFile);
const ALL_PROMQL = [...dashboardPromQueries(), ...ruleQueries(), ...provisioningPromQueries()];
const ALL_TRACEQL = [
  ...dashboardTraceQueries(),
  ...Object.entries(TRACEQL).map(([name, query]) => ({ source: `TRACEQL.${name}`, query })),
];

/** Series a shipped query may name: the semconv table, the shipped recording rules, Prometheus's own. */
function knownSeries(): Set<string> {
  return new Set([...semconvSeriesNames(), ...recordedSeries(), ...PROMETHEUS_BUILTIN_SERIES]);
}

/** Span, event and resource attributes a TraceQL query may name: every semconv constant, plus templates. */
function knownAttributes(): Set<string> {
  const values = Object.entries(semconv)
    .filter(([key, value]) => key.startsWith('ATTR_') && typeof value === 'string')
    .map(([, value]) => value as string);
  return new Set([...values, RESOURCE_SERVICE_NAME, EVALUATION_SCORE_ATTRIBUTE('schema_compliance')]);
}

describe('generated artifacts', () => {
  it.each(generatedFiles().map((file) => [file.path, file.content]))(
    'grafana/%s is exactly what the generator writes (npm run generate -w @driftwatch/grafana)',
    (path, content) => {
      expect(readFileSync(join(GRAFANA_ROOT, path), 'utf8')).toBe(content);
    },
  );
});

describe('PromQL', () => {
  it('finds the queries: panels, annotations, variables, rules and datasource links', () => {
    expect(dashboardPromQueries().length).toBeGreaterThan(60);
    expect(ruleQueries().length).toBe(127);
    expect(provisioningPromQueries().length).toBe(3);
  });

  it.each(ALL_PROMQL.map((query) => [query.source, query.query]))('%s parses', (_source, query) => {
    expect(promqlErrors(substituteGrafanaVariables(query))).toEqual([]);
  });

  it.each(ALL_PROMQL.map((query) => [query.source, query.query]))(
    '%s names only series of the semconv table, the recording rules or Prometheus',
    (_source, query) => {
      const names = seriesNames(substituteGrafanaVariables(query));
      const known = knownSeries();
      expect(names.filter((name) => !known.has(name))).toEqual([]);
    },
  );

  it('catches a misspelled or unsuffixed series (the check itself works)', () => {
    const known = knownSeries();
    const names = seriesNames('rate(gen_ai_client_operation_duration_bucket[5m]) / driftwatch_tool_call_total');
    expect(names.filter((name) => !known.has(name))).toEqual([
      'gen_ai_client_operation_duration_bucket',
      'driftwatch_tool_call_total',
    ]);
    expect(promqlErrors('sum(rate(x[5m]) by')).not.toEqual([]);
  });

  const { paths, skipReason } = requireBinaries('promtool');
  it.skipIf(skipReason !== '')(`every dashboard query type-checks in promtool${skipReason}`, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'driftwatch-promtool-'));
    try {
      const rules = dashboardPromQueries()
        .filter((query) => !query.source.includes('> variable '))
        .map((query, index) => ({ record: `dashboard:query_${index}`, expr: substituteGrafanaVariables(query.query) }));
      rules.push(
        ...provisioningPromQueries().map((query, index) => ({
          record: `provisioning:query_${index}`,
          expr: substituteGrafanaVariables(query.query),
        })),
      );
      const file = join(directory, 'dashboards.rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
      const { stdout } = await run(paths.promtool, ['check', 'rules', file]);
      expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);

      // And promtool does reject a type error the parser accepts.
      const wrong = join(directory, 'wrong.rules.yml');
      writeFileSync(wrong, stringify({ groups: [{ name: 'x', rules: [{ record: 'x:y', expr: 'rate(sum(up))' }] }] }));
      await expect(run(paths.promtool, ['check', 'rules', wrong])).rejects.toThrow(/range vector/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('TraceQL', () => {
  it.each(ALL_TRACEQL.map((query) => [query.source, query.query]))('%s parses', (_source, query) => {
    expect(traceqlErrors(substituteGrafanaVariables(query))).toEqual([]);
  });

  it.each(ALL_TRACEQL.map((query) => [query.source, query.query]))(
    '%s names only semconv attributes',
    (_source, query) => {
      const attributes = traceqlAttributes(substituteGrafanaVariables(query));
      expect(attributes.length).toBeGreaterThan(0);
      const known = knownAttributes();
      expect(attributes.filter((attribute) => !known.has(attribute.name))).toEqual([]);
    },
  );

  it('catches an attribute that is not in the semconv table (the check itself works)', () => {
    const attributes = traceqlAttributes('{ span.gen_ai.agent.nam = "x" && span.driftwatch.agent.escalated = true }');
    const known = knownAttributes();
    expect(attributes.filter((attribute) => !known.has(attribute.name)).map((attribute) => attribute.name)).toEqual([
      'gen_ai.agent.nam',
    ]);
    expect(traceqlErrors('{ span.x = }')).not.toEqual([]);
  });
});

describe('dashboards', () => {
  const dashboards = dashboardFiles();

  it('are the six of the issue, each with a unique uid', () => {
    expect(dashboards.map(({ dashboard }) => dashboard.title).sort()).toEqual([
      'Driftwatch / Cost and context',
      'Driftwatch / Drift',
      'Driftwatch / Overview',
      'Driftwatch / Quality',
      'Driftwatch / Tools',
      'Driftwatch / Trace drill-down',
    ]);
    expect(new Set(dashboards.map(({ dashboard }) => dashboard.uid)).size).toBe(6);
  });

  it.each(dashboards.map(({ file, dashboard }) => [file, dashboard]))(
    '%s numbers every panel uniquely and uses only the provisioned datasources',
    (_file, dashboard) => {
      const ids = dashboard.panels.map((panel) => (panel as { id?: number }).id);
      expect(ids.every((id) => typeof id === 'number')).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      const provisioned = new Set<string>([PROMETHEUS_DATASOURCE.uid, TEMPO_DATASOURCE.uid]);
      const used = JSON.stringify(dashboard).matchAll(/"datasource":\{"type":"(\w+)","uid":"([^"]+)"\}/g);
      for (const [, type, uid] of used) {
        if (type === 'grafana') continue;
        expect(provisioned.has(uid as string), `${type} ${uid}`).toBe(true);
      }
    },
  );
});
