// The seed's thresholds and the windows the alert rules and dashboards share. Change a value here and run
// `npm run generate -w @driftwatch/grafana`: rules, dashboards and their thresholds lines move together.

export const THRESHOLDS = {
  /**
   * Pages need the observed change to be at least 4/5 of the runbook's (quality -20% pages from -16%, +50% from
   * +40%, tool errors at 10% from 8%), so the runbook's own change is seen despite noise, and a real but smaller
   * change does not page however many runs show it. Escalation and repeat thresholds keep their own margins.
   */
  /** Quality (evaluation score, business outcome) mean below this share of its 7-day baseline. */
  qualityDropRatio: 0.84,
  /** A tool's error ratio that pages (the runbook's 10%+, with the margin above). */
  toolErrorRatio: 0.08,
  /** Cost per run against its 7-day baseline. */
  costPerRunIncrease: 1.4,
  /** Input tokens per run against its 7-day baseline, with volume steady. */
  tokensPerRunIncrease: 1.4,
  /** Escalation rate: at least this multiple of its baseline and this many points above it (15% -> 35%). */
  escalationRateFactor: 2,
  escalationRateIncrease: 0.15,
  /** Repeat-task rate: at least this multiple of its baseline and this many points above it (5% -> 20%). */
  repeatRateFactor: 2,
  repeatRateIncrease: 0.1,
  /** Context-window fill: the warning line drawn in dashboards, and the p95 that alerts. */
  contextFillWarning: 0.75,
  contextFillCritical: 0.95,
  /** Steps per run against its 7-day baseline, while run volume stays within this factor of its own. */
  stepsPerRunIncrease: 1.4,
  /**
   * Run volume counts as steady within this factor of its 7-day mean: wide enough for the daily cycle of a
   * business-hours agent (peak hours run about twice the mean), narrow enough to exclude a batch or a traffic shift.
   */
  runVolumeTolerance: 2.5,
  /** Share of evaluations dropped (queue full, budget, judge errors) instead of scored. */
  evaluationDropRatio: 0.1,
  /** Share of a provider's LLM calls that fell back to the next provider. */
  fallbackRatio: 0.1,
  /** Default daily LLM budget in USD per service (the `driftwatch:llm_budget_usd:daily` recording rule). */
  dailyBudgetUsd: 100,
} as const;

/** Daily LLM budgets in USD for particular services (by `service.name`); the others get the default above. */
export const SERVICE_DAILY_BUDGETS_USD: Readonly<Record<string, number>> = {};

/** The seed's reference rates, drawn as threshold lines on the Overview dashboard. */
export const SEED_REFERENCE = {
  escalationBaseline: 0.15,
  escalationAlarming: 0.35,
  repeatBaseline: 0.05,
  repeatAlarming: 0.2,
} as const;

/**
 * The statistical tests of the baseline alerts (grafana/src/alerts/statistics.ts; why these values: docs/alerts.md).
 * Windows: each alert tests every window of its list; a long window finds at low volume what a short one cannot.
 */
export const STATISTICS = {
  /** Evidence (log of the Chernoff bound) a count must reach: a healthy window passes it with chance under e^-12. */
  countEvidence: 12,
  /** z score a mean must reach (means of skewed values need more than counts: see docs/alerts.md). */
  meanEvidence: 6,
  /** Runs a mean needs in its window before it is tested (the mean of fewer skewed values is too skewed itself). */
  minimumRunsForMean: 50,
  /** Baseline shares are taken as at least this (an agent that never escalated is not at 0 forever). */
  shareFloor: 0.01,
  /** A per-run standard deviation under this share of the mean is not believed (new agents, short history). */
  coefficientOfVariationFloor: 0.5,
  /** Windows of the share and quality tests, and of the mean tests. */
  windows: ['1h', '12h'],
  toolWindows: ['10m', '1h', '12h'],
} as const;

/** Minimum volumes: below these an alert stays quiet however bad the ratio (no pages on low traffic). */
export const MINIMUM_VOLUME = {
  /** Calls a tool needs in a window with no success for "all failing" (a healthy tool failing 20% of its calls does that 8 times in a row once in 390,000). */
  toolCallsAllFailing: 8,
  llmCallsPer30m: 20,
  droppedEvaluationsPer30m: 10,
  llmCallsPer15m: 20,
} as const;

/**
 * `deployment.environment.name` values that are not production: the unpinned-model alert ignores them. A missing
 * environment counts as production, so a service that sets none is still covered.
 */
export const NON_PRODUCTION_ENVIRONMENTS = '(?i)(dev|development|test|testing|qa|ci|local|demo|staging|stage|sandbox)';

/** Where each alert's `runbook_url` points (an anchor per alert is appended). */
export const RUNBOOK_URL = 'docs/runbook.md';
