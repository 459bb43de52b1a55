// promtool unit tests, written as data: each test gives input series (promtool's expanding notation) and, at
// chosen times, the alerts expected to fire. An expected alert gives its labels and the value its annotations are
// rendered with, so the rendered summary and description are checked too.

export type Labels = Readonly<Record<string, string>>;

export interface InputSeries {
  readonly name: string;
  readonly labels: Labels;
  /** promtool notation: `0+10x60` (61 samples from 0 by 10), `_x30` (30 missing), `1x5` (six 1s). */
  readonly values: string;
}

export interface ExpectedAlert {
  /** The alert's own labels (those of the expression's result); severity and category are added. */
  readonly labels: Labels;
  /** The `$value` the annotations are rendered with. */
  readonly value: number;
}

export interface AlertCheck {
  readonly at: string;
  readonly alert: string;
  /** Empty: the alert is not firing at that time (quiet, or resolved). */
  readonly firing: readonly ExpectedAlert[];
}

/** A PromQL expression (a recording rule's series, typically) and the samples it must return at a time. */
export interface ExpressionCheck {
  readonly at: string;
  readonly expr: string;
  readonly samples: ReadonlyArray<{ readonly labels: string; readonly value: number }>;
}

export interface AlertUnitTest {
  /** What the test shows, written as a comment above it. */
  readonly name: string;
  readonly interval?: string;
  readonly series: readonly InputSeries[];
  readonly checks: readonly AlertCheck[];
  readonly expressions?: readonly ExpressionCheck[];
}

/** The tests of one rule file: `grafana/alerts/<ruleFile>.test.yml`. */
export interface AlertTestFile {
  readonly ruleFile: string;
  /** Other rule files the tested rules need (recording rules, budgets). */
  readonly alsoLoads: readonly string[];
  /**
   * How often promtool evaluates the rules (default 1m). Tests over a 7-day baseline use 5m: promtool caps a query
   * at 10,000 samples, and a week of 1-minute recording-rule samples is 10,080.
   */
  readonly evaluationInterval?: string;
  readonly tests: readonly AlertUnitTest[];
}
