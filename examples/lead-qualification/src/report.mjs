// Turns what the app exported over OTLP (spans and metrics, as Tempo and Prometheus would get them) into the
// demo's report: one execution as a trace tree, then the week day by day.
import { DAYS } from '../world/leads.mjs';

const AGENT_SPAN = 'invoke_agent lead-qualifier';
/** Scores the in-process evaluators put on each LLM and tool span (`driftwatch.evaluation.<name>.score`). */
const EVALUATION_SCORE = /^driftwatch\.evaluation\..+\.score$/;

const nanos = (value) => BigInt(value);
const millis = (span) => Number(nanos(span.endTimeUnixNano) - nanos(span.startTimeUnixNano)) / 1e6;

function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function ratio(part, whole) {
  return whole === 0 ? undefined : part / whole;
}

/** The day window a span started in, by the wall-clock boundaries the runner recorded. */
function dayOf(span, windows) {
  const start = nanos(span.startTimeUnixNano);
  return windows.find((window) => start >= window.startNanos && start <= window.endNanos)?.day;
}

/** Sum and count of a histogram at the last export at or before `at` (cumulative temporality). */
function histogramAt(points, at) {
  let best;
  for (const point of points) {
    if (nanos(point.timeUnixNano) <= at && (best === undefined || nanos(point.timeUnixNano) > nanos(best.timeUnixNano)))
      best = point;
  }
  return { sum: best?.sum ?? 0, count: best?.count ?? 0 };
}

/**
 * Figures per simulated day, computed only from exported telemetry: runs, outcomes, repeats, tool errors, cost,
 * context fill and models from spans; the sales feedback (CRM field correct) from the `driftwatch.outcome.value`
 * histogram, as the difference between the cumulative exports at consecutive day ends.
 */
export function summarizeWeek({ spans, metrics, windows }) {
  const byTrace = new Map();
  for (const span of spans) {
    const list = byTrace.get(span.traceId) ?? [];
    list.push(span);
    byTrace.set(span.traceId, list);
  }
  const feedbackPoints = metrics.filter(
    (point) =>
      point.name === 'driftwatch.outcome.value' && point.attributes['driftwatch.outcome.name'] === 'crm_field_correct',
  );
  const days = windows.map((window) => ({
    day: window.day,
    label: DAYS[window.day % 7],
    runs: 0,
    outcomes: { success: 0, escalated: 0, error: 0 },
    escalationsByCategory: {},
    repeats: 0,
    toolCalls: 0,
    toolErrors: 0,
    toolErrorsByType: {},
    costs: [],
    unpricedRuns: 0,
    tokens: [],
    fills: [],
    models: new Set(),
    fingerprints: new Set(),
    feedback: { correct: 0, checked: 0 },
    scores: [],
  }));
  for (const run of spans.filter((span) => span.name === AGENT_SPAN)) {
    const day = dayOf(run, windows);
    const figures = days.find((entry) => entry.day === day);
    if (figures === undefined) continue;
    const attributes = run.attributes;
    figures.runs += 1;
    const outcome = attributes['driftwatch.agent.outcome'];
    figures.outcomes[outcome] = (figures.outcomes[outcome] ?? 0) + 1;
    const category = attributes['driftwatch.escalation.category'];
    if (category) figures.escalationsByCategory[category] = (figures.escalationsByCategory[category] ?? 0) + 1;
    if (attributes['driftwatch.agent.repeat'] === true) figures.repeats += 1;
    if (typeof attributes['driftwatch.agent.cost_usd'] === 'number')
      figures.costs.push(attributes['driftwatch.agent.cost_usd']);
    if (attributes['driftwatch.agent.cost_unknown'] === true) figures.unpricedRuns += 1;
    if (typeof attributes['driftwatch.agent.input_tokens'] === 'number') {
      figures.tokens.push(
        attributes['driftwatch.agent.input_tokens'] + (attributes['driftwatch.agent.output_tokens'] ?? 0),
      );
    }
    for (const child of byTrace.get(run.traceId) ?? []) {
      // A call's quality: 1 when it passed every evaluator that scored it, else its lowest score.
      let lowest;
      for (const [key, value] of Object.entries(child.attributes)) {
        if (typeof value === 'number' && EVALUATION_SCORE.test(key)) lowest = Math.min(lowest ?? 1, value);
      }
      if (lowest !== undefined) figures.scores.push(lowest);
      const operation = child.attributes['gen_ai.operation.name'];
      if (operation === 'execute_tool') {
        figures.toolCalls += 1;
        const errorType = child.attributes['error.type'];
        if (errorType !== undefined) {
          figures.toolErrors += 1;
          const key = `${child.attributes['gen_ai.tool.name']} ${errorType}`;
          figures.toolErrorsByType[key] = (figures.toolErrorsByType[key] ?? 0) + 1;
        }
      } else if (operation === 'chat') {
        if (typeof child.attributes['driftwatch.context.fill_ratio'] === 'number') {
          figures.fills.push(child.attributes['driftwatch.context.fill_ratio']);
        }
        if (child.attributes['gen_ai.response.model']) figures.models.add(child.attributes['gen_ai.response.model']);
        const fingerprint = child.attributes['openai.response.system_fingerprint'];
        if (fingerprint) figures.fingerprints.add(fingerprint);
      }
    }
  }
  let previous = { sum: 0, count: 0 };
  for (const [index, window] of windows.entries()) {
    const current = histogramAt(feedbackPoints, window.endNanos);
    days[index].feedback = { correct: current.sum - previous.sum, checked: current.count - previous.count };
    previous = current;
  }
  return days.map((figures) => ({
    day: figures.day,
    label: figures.label,
    runs: figures.runs,
    outcomes: figures.outcomes,
    escalationsByCategory: figures.escalationsByCategory,
    escalationRate: ratio(figures.outcomes.escalated, figures.runs),
    errorRate: ratio(figures.outcomes.error, figures.runs),
    repeats: figures.repeats,
    repeatRate: ratio(figures.repeats, figures.runs),
    toolCalls: figures.toolCalls,
    toolErrors: figures.toolErrors,
    toolErrorRatio: ratio(figures.toolErrors, figures.toolCalls),
    toolErrorsByType: figures.toolErrorsByType,
    costPerRun:
      figures.costs.length === 0 ? undefined : figures.costs.reduce((a, b) => a + b, 0) / figures.costs.length,
    unpricedRuns: figures.unpricedRuns,
    tokensPerRun:
      figures.tokens.length === 0 ? undefined : figures.tokens.reduce((a, b) => a + b, 0) / figures.tokens.length,
    p95Fill: percentile(figures.fills, 95),
    models: [...figures.models].sort(),
    fingerprints: [...figures.fingerprints].sort(),
    crmFieldCorrect: ratio(figures.feedback.correct, figures.feedback.checked),
    qualityScore:
      figures.scores.length === 0 ? undefined : figures.scores.reduce((a, b) => a + b, 0) / figures.scores.length,
    feedbackChecked: figures.feedback.checked,
  }));
}

/** One execution as an indented tree: agent -> chat -> tool -> chat -> tool, with durations and key attributes. */
export function traceTree(spans, traceId) {
  const inTrace = spans.filter((span) => span.traceId === traceId);
  const children = new Map();
  for (const span of inTrace) {
    const list = children.get(span.parentSpanId ?? '') ?? [];
    list.push(span);
    children.set(span.parentSpanId ?? '', list);
  }
  const ids = new Set(inTrace.map((span) => span.spanId));
  const roots = inTrace.filter((span) => !ids.has(span.parentSpanId));
  const lines = [];
  const describe = (span) => {
    const a = span.attributes;
    const parts = [];
    if (a['gen_ai.response.model']) parts.push(a['gen_ai.response.model']);
    if (a['gen_ai.usage.input_tokens'] !== undefined)
      parts.push(`${a['gen_ai.usage.input_tokens']} in / ${a['gen_ai.usage.output_tokens']} out tokens`);
    if (typeof a['driftwatch.cost.usd'] === 'number') parts.push(`$${a['driftwatch.cost.usd'].toFixed(5)}`);
    if (typeof a['driftwatch.context.fill_ratio'] === 'number')
      parts.push(`fill ${(a['driftwatch.context.fill_ratio'] * 100).toFixed(1)}%`);
    if (a['http.response.status_code'] !== undefined) parts.push(`HTTP ${a['http.response.status_code']}`);
    if (a['error.type'] !== undefined) parts.push(`error.type=${a['error.type']}`);
    if (a['driftwatch.agent.outcome']) parts.push(`outcome=${a['driftwatch.agent.outcome']}`);
    if (typeof a['driftwatch.agent.cost_usd'] === 'number')
      parts.push(`run cost $${a['driftwatch.agent.cost_usd'].toFixed(5)}`);
    if (a['driftwatch.agent.steps'] !== undefined) parts.push(`${a['driftwatch.agent.steps']} steps`);
    return parts.join(', ');
  };
  const walk = (span, prefix, last, depth) => {
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    lines.push(
      `${prefix}${branch}${span.name.padEnd(40 - prefix.length - branch.length)} ${millis(span).toFixed(1).padStart(7)} ms  ${describe(span)}`,
    );
    const kids = (children.get(span.spanId) ?? []).sort((a, b) =>
      nanos(a.startTimeUnixNano) < nanos(b.startTimeUnixNano) ? -1 : 1,
    );
    const childPrefix = depth === 0 ? prefix : prefix + (last ? '   ' : '│  ');
    for (const [index, kid] of kids.entries()) walk(kid, childPrefix, index === kids.length - 1, depth + 1);
  };
  for (const [index, root] of roots.entries()) walk(root, '', index === roots.length - 1, 0);
  return lines.join('\n');
}

const percent = (value) => (value === undefined ? '   n/a' : `${(value * 100).toFixed(1).padStart(5)}%`);
const dollars = (value) => (value === undefined ? '     n/a' : `$${value.toFixed(4).padStart(7)}`);

/** The week as a table, one row per day. */
export function renderDays(days) {
  const header =
    ' day   runs  escal.  repeat  tool err  cost/run   tokens/run  p95 fill  quality  CRM right  models (fingerprints)';
  const rows = days.map((d) =>
    [
      ` ${d.label} `,
      String(d.runs).padStart(5),
      percent(d.escalationRate).padStart(7),
      percent(d.repeatRate).padStart(7),
      percent(d.toolErrorRatio).padStart(9),
      dollars(d.costPerRun).padStart(10),
      (d.tokensPerRun === undefined ? 'n/a' : Math.round(d.tokensPerRun).toLocaleString('en-US')).padStart(12),
      percent(d.p95Fill).padStart(9),
      percent(d.qualityScore).padStart(8),
      percent(d.crmFieldCorrect).padStart(10),
      `  ${d.models.join(', ')} (${d.fingerprints.join(', ')})`,
    ].join(' '),
  );
  return [header, ...rows].join('\n');
}

/** What moved against the healthy start of the week (the first two days), in plain words. */
export function findings(days) {
  const baseline = days.slice(0, 2);
  const mean = (pick) => {
    const values = baseline.map(pick).filter((value) => value !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const base = {
    escalationRate: mean((d) => d.escalationRate),
    repeatRate: mean((d) => d.repeatRate),
    toolErrorRatio: mean((d) => d.toolErrorRatio),
    costPerRun: mean((d) => d.costPerRun),
    crmFieldCorrect: mean((d) => d.crmFieldCorrect),
    qualityScore: mean((d) => d.qualityScore),
  };
  const seenModels = new Set(baseline.flatMap((d) => d.models));
  const seenFingerprints = new Set(baseline.flatMap((d) => d.fingerprints));
  const lines = [];
  for (const d of days.slice(2)) {
    const notes = [];
    const newModels = d.models.filter((model) => !seenModels.has(model));
    const newFingerprints = d.fingerprints.filter((fingerprint) => !seenFingerprints.has(fingerprint));
    for (const model of newModels) seenModels.add(model);
    for (const fingerprint of newFingerprints) seenFingerprints.add(fingerprint);
    if (newModels.length > 0 || newFingerprints.length > 0) {
      notes.push(`model drift: now served by ${[...newModels, ...newFingerprints].join(', ')} behind the same label`);
    }
    if (d.toolErrorRatio !== undefined && d.toolErrorRatio >= Math.max(0.1, (base.toolErrorRatio ?? 0) * 2)) {
      notes.push(
        `tool errors ${percent(d.toolErrorRatio).trim()} (${Object.entries(d.toolErrorsByType)
          .map(([k, v]) => `${k} x${v}`)
          .join(', ')})`,
      );
    }
    if (
      d.crmFieldCorrect !== undefined &&
      base.crmFieldCorrect !== undefined &&
      d.crmFieldCorrect < base.crmFieldCorrect - 0.1
    ) {
      notes.push(
        `CRM fields right ${percent(d.crmFieldCorrect).trim()} vs ${percent(base.crmFieldCorrect).trim()}: silent failure, no error`,
      );
    }
    if (d.qualityScore !== undefined && base.qualityScore !== undefined && d.qualityScore < base.qualityScore - 0.03) {
      notes.push(`quality score ${percent(d.qualityScore).trim()} vs ${percent(base.qualityScore).trim()}`);
    }
    if (d.escalationRate !== undefined && d.escalationRate >= (base.escalationRate ?? 0) + 0.1) {
      notes.push(`escalations ${percent(d.escalationRate).trim()} vs ${percent(base.escalationRate).trim()}`);
    }
    if (d.repeatRate !== undefined && d.repeatRate >= (base.repeatRate ?? 0) + 0.05) {
      notes.push(`repeat tasks ${percent(d.repeatRate).trim()} vs ${percent(base.repeatRate).trim()}`);
    }
    if (d.costPerRun !== undefined && base.costPerRun !== undefined && d.costPerRun >= base.costPerRun * 1.5) {
      notes.push(
        `cost per run ${dollars(d.costPerRun).trim()} (+${Math.round((d.costPerRun / base.costPerRun - 1) * 100)}%)`,
      );
    }
    if (d.p95Fill !== undefined && d.p95Fill >= 0.75) {
      notes.push(`p95 context fill ${percent(d.p95Fill).trim()}${d.p95Fill >= 0.95 ? ' (past 95%)' : ' (past 75%)'}`);
    }
    if (notes.length > 0) lines.push(` ${d.label}: ${notes.join('; ')}`);
  }
  return lines;
}
