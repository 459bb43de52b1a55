// The seed's thresholds and the windows the alert rules and dashboards share. Change a value here and run
// `npm run generate -w @driftwatch/grafana`: rules, dashboards and their thresholds lines move together.

export const THRESHOLDS = {
  /** Quality (evaluation score, business outcome) mean over the last hour below this share of the prior day. */
  qualityDropRatio: 0.8,
  /** A tool's error ratio that pages as P2. */
  toolErrorRatio: 0.1,
  /** Cost per run against its 7-day baseline. */
  costPerRunIncrease: 1.5,
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
  stepsPerRunIncrease: 1.5,
  runVolumeTolerance: 1.5,
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

/** Minimum volumes: below these an alert stays quiet however bad the ratio (no pages on low traffic). */
export const MINIMUM_VOLUME = {
  runsPerHour: 20,
  toolCallsPer10m: 20,
  toolCallsAllFailingPer10m: 10,
  evaluationsPerHour: 20,
  outcomesPerHour: 20,
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
