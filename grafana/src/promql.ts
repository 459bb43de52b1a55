// Small PromQL builders for the shapes the rules and dashboards repeat. They only join strings: every resulting
// query is parsed, type-checked by promtool and run against a live Prometheus in the tests.

/** `name{matchers}`, or `name` when there are none. */
export function selector(name: string, matchers = ''): string {
  return matchers === '' ? name : `${name}{${matchers}}`;
}

/** `sum by (labels) (expression)`; `sum (expression)` when no labels are kept. */
export function sumBy(labels: readonly string[], expression: string): string {
  return labels.length === 0 ? `sum(${expression})` : `sum by (${labels.join(', ')}) (${expression})`;
}

export function rate(series: string, window: string): string {
  return `rate(${series}[${window}])`;
}

export function increase(series: string, window: string): string {
  return `increase(${series}[${window}])`;
}

/**
 * `numerator / denominator` where an absent numerator counts as 0 and a zero denominator yields nothing.
 * The numerator's series (errors, escalations) do not exist before the first one happens: without `or ... * 0`
 * the ratio is empty, not 0, so dashboards show "No data" and baselines average only the bad periods.
 */
export function ratioOrZero(options: { numerator: string; denominator: string }): string {
  return `(\n  ${options.numerator}\n  or\n  ${options.denominator} * 0\n)\n/\n(${options.denominator} > 0)`;
}

/** `on (labels)` for binary operators. */
export function on(labels: readonly string[]): string {
  return `on (${labels.join(', ')})`;
}
