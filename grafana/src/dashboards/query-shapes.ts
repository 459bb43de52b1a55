// PromQL shapes several dashboards share, and the panel that draws a mean against the line its alert fires at.
import { METRIC_DRIFTWATCH_LLM_COST, type MetricDefinition } from '@driftwatch/semconv';
import { RECORD } from '../alerts/recording-rules.ts';
import { countOf, LABEL, series, sumOf } from '../names.ts';
import { rate, selector, sumBy } from '../promql.ts';
import { THRESHOLDS } from '../settings.ts';
import { timeseriesPanel } from './panels.ts';

export const RATE = '$__rate_interval';

/** The mean of a histogram per `labels`: `sum(rate(x_sum)) / sum(rate(x_count))`. */
export function histogramMean(metric: MetricDefinition, labels: readonly string[], filter: string): string {
  const sum = sumBy(labels, rate(selector(sumOf(metric), filter), RATE));
  return `${sum}\n/\n${sumBy(labels, rate(selector(countOf(metric), filter), RATE))}`;
}

/** `histogram_quantile(q, sum by (labels, le) (rate(bucket[...])))`. */
export function quantile(q: number, labels: readonly string[], bucketSeries: string): string {
  return `histogram_quantile(${q}, ${sumBy([...labels, 'le'], rate(bucketSeries, RATE))})`;
}

/**
 * A histogram's mean by one label, its mean over the day before (from the alert's 1-hour recording rule) and the
 * line the mean-drop alert fires under.
 */
export function meanDropPanel(options: {
  title: string;
  description: string;
  metric: MetricDefinition;
  record: string;
  label: string;
  filter: string;
  width?: number;
  links?: ReadonlyArray<{ title: string; url: string }>;
}) {
  const baseline = `avg by (${options.label}) (avg_over_time(${options.record}{${options.filter}}[1d]))`;
  return timeseriesPanel({
    title: options.title,
    description: options.description,
    unit: 'percentunit',
    min: 0,
    ...(options.width === undefined ? {} : { width: options.width }),
    ...(options.links === undefined ? {} : { links: options.links }),
    queries: [
      { expr: histogramMean(options.metric, [options.label], options.filter), legend: `{{${options.label}}}` },
      { expr: baseline, legend: `{{${options.label}}} 1-day mean` },
      { expr: `${THRESHOLDS.qualityDropRatio} * ${baseline}`, legend: `{{${options.label}}} alert threshold` },
    ],
  });
}

/** LLM spend over the 24 hours before each point, per service, against the daily budget the alert uses. */
export function spendAgainstBudgetPanel(filter: string) {
  return timeseriesPanel({
    title: 'Spend in the last 24 hours and daily budget',
    description: `LLM spend over the 24 hours before each point. DriftwatchDailySpendOverBudget fires above the budget (${RECORD.dailyBudget}; default ${THRESHOLDS.dailyBudgetUsd} USD).`,
    unit: 'currencyUSD',
    min: 0,
    queries: [
      {
        expr: sumBy([LABEL.service], `increase(${selector(series(METRIC_DRIFTWATCH_LLM_COST), filter)}[1d])`),
        legend: `{{${LABEL.service}}}`,
      },
      { expr: RECORD.dailyBudget, legend: `budget {{${LABEL.service}}}` },
    ],
  });
}
