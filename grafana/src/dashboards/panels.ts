// The panel shapes the dashboards use, built with @grafana/grafana-foundation-sdk. Each takes plain options and
// returns a builder; `composeDashboard` lays them out in rows and numbers them.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder as PrometheusQueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import { DataqueryBuilder as TempoQueryBuilder } from '@grafana/grafana-foundation-sdk/tempo';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS_DATASOURCE, TEMPO_DATASOURCE } from './datasources.ts';

export interface PromQuery {
  readonly expr: string;
  readonly legend?: string;
  /** An instant query (stat and table panels). */
  readonly instant?: boolean;
  readonly format?: 'time_series' | 'table' | 'heatmap';
}

export interface PanelBase {
  readonly title: string;
  readonly description: string;
  /** Grid columns out of 24. */
  readonly width?: number;
  readonly height?: number;
  /** Minimum query step (`1h` for hourly counts). */
  readonly interval?: string;
  readonly links?: ReadonlyArray<{ title: string; url: string }>;
}

/** A threshold line drawn on a panel, e.g. the seed's 15% and 35% escalation rates. */
export interface ThresholdLine {
  readonly value: number;
  readonly color: string;
}

type AnyPanelBuilder =
  | timeseries.PanelBuilder
  | stat.PanelBuilder
  | table.PanelBuilder
  | heatmap.PanelBuilder
  | dashboard.RowBuilder;

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function prometheusTargets(queries: readonly PromQuery[]): PrometheusQueryBuilder[] {
  return queries.map((query, index) => {
    const target = new PrometheusQueryBuilder()
      .refId(REF_IDS[index] as string)
      .datasource(PROMETHEUS_DATASOURCE)
      .expr(query.expr);
    if (query.legend !== undefined) target.legendFormat(query.legend);
    if (query.instant === true) target.instant();
    if (query.format !== undefined) target.format(query.format as never);
    return target;
  });
}

function thresholds(lines: readonly ThresholdLine[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: 'green' }, ...lines]);
}

function applyBase<T extends Exclude<AnyPanelBuilder, dashboard.RowBuilder>>(builder: T, options: PanelBase): T {
  builder
    .title(options.title)
    .description(options.description)
    .span(options.width ?? 12)
    .height(options.height ?? 8);
  if (options.interval !== undefined) builder.interval(options.interval);
  if (options.links !== undefined) {
    builder.dataLinks(
      options.links.map((link) => new dashboard.DashboardLinkBuilder(link.title).url(link.url).targetBlank(false)),
    );
  }
  return builder;
}

export function timeseriesPanel(
  options: PanelBase & {
    queries: readonly PromQuery[];
    unit: string;
    min?: number;
    max?: number;
    thresholdLines?: readonly ThresholdLine[];
    stacking?: 'normal' | 'percent';
    bars?: boolean;
  },
): timeseries.PanelBuilder {
  const builder = applyBase(new timeseries.PanelBuilder(), options)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(options.unit)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    );
  for (const target of prometheusTargets(options.queries)) builder.withTarget(target);
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  if (options.thresholdLines !== undefined) {
    builder
      .thresholds(thresholds(options.thresholdLines))
      .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
  }
  if (options.stacking !== undefined) {
    const mode = options.stacking === 'percent' ? common.StackingMode.Percent : common.StackingMode.Normal;
    builder.stacking(new common.StackingConfigBuilder().mode(mode)).fillOpacity(40);
  }
  if (options.bars === true) builder.drawStyle(common.GraphDrawStyle.Bars).fillOpacity(60);
  return builder;
}

export function statPanel(
  options: PanelBase & { query: PromQuery; unit: string; thresholdLines?: readonly ThresholdLine[] },
): stat.PanelBuilder {
  const builder = applyBase(new stat.PanelBuilder(), { width: 6, height: 4, ...options })
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(options.unit)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
  for (const target of prometheusTargets([options.query])) builder.withTarget(target);
  builder.thresholds(thresholds(options.thresholdLines ?? []));
  return builder;
}

export function tablePanel(
  options: PanelBase & {
    queries: readonly PromQuery[];
    unit?: string;
    transformations?: readonly dashboard.DataTransformerConfig[];
    colorCells?: boolean;
  },
): table.PanelBuilder {
  const builder = applyBase(new table.PanelBuilder(), options).datasource(PROMETHEUS_DATASOURCE);
  for (const target of prometheusTargets(options.queries)) builder.withTarget(target);
  if (options.unit !== undefined) builder.unit(options.unit);
  for (const transformation of options.transformations ?? []) builder.withTransformation(transformation);
  if (options.colorCells === true) {
    builder
      .cellOptions({ type: common.TableCellDisplayMode.ColorBackground } as common.TableCellOptions)
      .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.ContinuousYlRd));
  }
  return builder;
}

/** A heatmap of a Prometheus histogram (`sum by (le) (increase(x_bucket[...]))`, format heatmap). */
export function heatmapPanel(options: PanelBase & { query: PromQuery; unit: string }): heatmap.PanelBuilder {
  const builder = applyBase(new heatmap.PanelBuilder(), options)
    .datasource(PROMETHEUS_DATASOURCE)
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(options.unit))
    .color(
      new heatmap.HeatmapColorOptionsBuilder()
        .mode(heatmap.HeatmapColorMode.Scheme)
        .scheme('Oranges')
        .fill('dark-orange')
        .scale(heatmap.HeatmapColorScale.Exponential)
        .exponent(0.5)
        .steps(64)
        .reverse(false),
    )
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Le));
  for (const target of prometheusTargets([{ format: 'heatmap', ...options.query }])) builder.withTarget(target);
  return builder;
}

/** A Tempo TraceQL search shown as a table of traces (each row opens the trace). */
export function traceTablePanel(options: PanelBase & { traceql: string; limit?: number }): table.PanelBuilder {
  const builder = applyBase(new table.PanelBuilder(), { width: 24, height: 9, ...options }).datasource(
    TEMPO_DATASOURCE,
  );
  builder.withTarget(
    new TempoQueryBuilder()
      .refId('A')
      .datasource(TEMPO_DATASOURCE)
      .queryType('traceql')
      .query(options.traceql)
      .limit(options.limit ?? 50)
      .spss(3)
      .tableType('traces' as never),
  );
  return builder;
}

export interface Row {
  readonly title: string;
  readonly panels: ReadonlyArray<Exclude<AnyPanelBuilder, dashboard.RowBuilder>>;
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly variables: ReadonlyArray<dashboard.QueryVariableBuilder | dashboard.TextBoxVariableBuilder>;
  readonly annotations?: readonly dashboard.AnnotationQueryBuilder[];
  readonly rows: readonly Row[];
}

/** Rows and panels laid out in order, every panel (rows included) given an id from 1. */
export function composeDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['driftwatch', 'genai'])
    .editable()
    .refresh('1m')
    .time({ from: 'now-24h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .link(
      new dashboard.DashboardLinkBuilder('Driftwatch')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(['driftwatch'])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  builder.annotation(
    new dashboard.AnnotationQueryBuilder()
      .name('Annotations & Alerts')
      .builtIn(1)
      .datasource({ type: 'grafana', uid: '-- Grafana --' })
      .enable(true)
      .hide(true)
      .iconColor('rgba(0, 211, 255, 1)')
      .type('dashboard'),
  );
  for (const annotation of spec.annotations ?? []) builder.annotation(annotation);
  for (const variable of spec.variables) builder.withVariable(variable);
  let id = 1;
  for (const row of spec.rows) {
    builder.withRow(new dashboard.RowBuilder(row.title).id(id++));
    for (const panel of row.panels) builder.withPanel(panel.id(id++));
  }
  return builder.build();
}
