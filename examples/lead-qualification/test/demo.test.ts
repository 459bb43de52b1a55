import { readFileSync } from 'node:fs';
import type { ReceivedMetricPoint, ReceivedSpan } from '@driftwatch/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeWeek } from '../src/report.mjs';
import { runSimulation } from '../src/simulation.mjs';

interface Simulation {
  windows: Array<{ day: number; startNanos: bigint; endNanos: bigint }>;
  runsByDay: Array<Array<{ id: string; status: string }>>;
  spans: ReceivedSpan[];
  metrics: ReceivedMetricPoint[];
}

type Day = ReturnType<typeof summarizeWeek>[number];

const FAST = JSON.parse(readFileSync(new URL('../scenarios/fast.json', import.meta.url), 'utf8'));

function healthy(scenario: typeof FAST) {
  const failures = Object.fromEntries(
    Object.entries(scenario.failures as Record<string, object>).map(([name, failure]) => [
      name,
      { ...failure, enabled: false },
    ]),
  );
  return { ...scenario, failures };
}

/** The cumulative value of a counter summed over its series, at the last export at or before `at`. */
function counterAt(
  metrics: ReceivedMetricPoint[],
  name: string,
  at: bigint,
  filter = (_: Record<string, unknown>) => true,
) {
  const latest = new Map<string, ReceivedMetricPoint>();
  for (const point of metrics) {
    if (point.name !== name || BigInt(point.timeUnixNano) > at || !filter(point.attributes)) continue;
    const key = JSON.stringify(point.attributes);
    const seen = latest.get(key);
    if (seen === undefined || BigInt(seen.timeUnixNano) < BigInt(point.timeUnixNano)) latest.set(key, point);
  }
  return [...latest.values()].reduce((total, point) => total + (point.value ?? 0), 0);
}

/** Per-day increase of a cumulative counter between the day-end exports. */
function perDay(simulation: Simulation, name: string, filter?: (attributes: Record<string, unknown>) => boolean) {
  let previous = 0;
  return simulation.windows.map((window) => {
    const current = counterAt(simulation.metrics, name, window.endNanos, filter);
    const increase = current - previous;
    previous = current;
    return increase;
  });
}

describe('the demo week (fast scenario)', () => {
  let week: Simulation;
  let days: Day[];
  let calm: Simulation;
  let calmDays: Day[];

  beforeAll(async () => {
    week = (await runSimulation(FAST, { secondsPerDay: 0 })) as Simulation;
    days = summarizeWeek(week);
    calm = (await runSimulation(healthy(FAST), { secondsPerDay: 0 })) as Simulation;
    calmDays = summarizeWeek(calm);
  }, 120_000);

  it('should report the runs the app made, and the same counts as the exported metrics', () => {
    expect(days.map((day) => day.runs)).toEqual(week.runsByDay.map((results) => results.length));
    expect(days.map((day) => day.runs)).toEqual(perDay(week, 'driftwatch.agent.executions'));
    for (const outcome of ['success', 'escalated', 'error'] as const) {
      const fromMetrics = perDay(week, 'driftwatch.agent.executions', (a) => a['driftwatch.agent.outcome'] === outcome);
      expect(days.map((day) => day.outcomes[outcome] ?? 0)).toEqual(fromMetrics);
    }
    const errorsByStatus = week.runsByDay.map((results) => results.filter((r) => r.status === 'error').length);
    expect(days.map((day) => day.outcomes.error ?? 0)).toEqual(errorsByStatus);
  });

  it('should report tool errors, repeats and escalations that match the metrics', () => {
    expect(days.map((day) => day.toolCalls)).toEqual(perDay(week, 'driftwatch.tool.calls'));
    expect(days.map((day) => day.toolErrors)).toEqual(
      perDay(week, 'driftwatch.tool.calls', (attributes) => attributes['error.type'] !== undefined),
    );
    expect(days.map((day) => day.repeats)).toEqual(perDay(week, 'driftwatch.agent.repeats'));
    expect(days.map((day) => day.outcomes.escalated ?? 0)).toEqual(perDay(week, 'driftwatch.agent.escalations'));
  });

  it('should report a cost per run whose total matches the cost counter', () => {
    const costFromMetrics = perDay(week, 'driftwatch.llm.cost');
    days.forEach((day, index) => {
      expect(day.costPerRun).toBeDefined();
      expect((day.costPerRun as number) * day.runs).toBeCloseTo(costFromMetrics[index] as number, 6);
    });
  });

  it('should keep a healthy week flat: no tool errors, one checkpoint, low fill, right CRM fields', () => {
    for (const day of calmDays) {
      expect(day.toolErrorRatio).toBe(0);
      expect(day.models).toEqual(['gpt-4o-2024-08-06']);
      expect(day.p95Fill as number).toBeLessThan(0.1);
      expect(day.crmFieldCorrect as number).toBeGreaterThanOrEqual(0.75);
      expect(day.escalationRate as number).toBeLessThanOrEqual(0.2);
      expect(day.repeatRate as number).toBeLessThanOrEqual(0.2);
    }
    const costs = calmDays.map((day) => day.costPerRun as number);
    expect(Math.max(...costs) / Math.min(...costs)).toBeLessThan(1.2);
  });

  it('should show the CRM outage on Wednesday as update_crm 500s, and only then', () => {
    const [, tuesday, wednesday, thursday] = days as [Day, Day, Day, Day];
    expect(wednesday.toolErrorsByType['update_crm 500']).toBeGreaterThan(0);
    expect(tuesday.toolErrorsByType['update_crm 500']).toBeUndefined();
    expect(thursday.toolErrorsByType['update_crm 500']).toBeUndefined();
    expect(wednesday.outcomes.error).toBe(wednesday.toolErrorsByType['update_crm 500']);
  });

  it('should show the CRM schema change on Thursday as malformed_result with no failed run, and wrong CRM fields', () => {
    const thursday = days[3] as Day;
    expect(thursday.toolErrorsByType['update_crm malformed_result']).toBeGreaterThan(0);
    expect(thursday.outcomes.error ?? 0).toBe(0);
    expect(thursday.crmFieldCorrect as number).toBeLessThan(0.2);
    expect(calmDays[3]?.crmFieldCorrect as number).toBeGreaterThan(0.8);
    // Leads written wrong come back on Friday: the repeat rate jumps.
    expect(days[4]?.repeatRate as number).toBeGreaterThan((calmDays[4]?.repeatRate as number) + 0.2);
  });

  it('should detect the checkpoint swap at the first call served by the new checkpoint, not before', () => {
    expect(days.slice(0, 4).flatMap((day) => day.models)).not.toContain('gpt-4o-2024-11-20');
    expect(days[4]?.models).toEqual(['gpt-4o-2024-11-20']);
    const chats = week.spans
      .filter((span) => span.name === 'chat gpt-4o')
      .sort((a, b) => (BigInt(a.endTimeUnixNano) < BigInt(b.endTimeUnixNano) ? -1 : 1));
    const changed = chats.filter((span) => span.events.some((event) => event.name === 'driftwatch.model.changed'));
    const firstNew = chats.find((span) => span.attributes['gen_ai.response.model'] === 'gpt-4o-2024-11-20');
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed[0]?.spanId).toBe(firstNew?.spanId);
    expect(chats.every((span) => span.attributes['driftwatch.model.pinned'] === false)).toBe(true);
  });

  it('should show the context growth at the weekend past 75% and 95% fill, and cost per run rising all week', () => {
    expect(days[5]?.p95Fill as number).toBeGreaterThanOrEqual(0.95);
    expect(days[4]?.p95Fill as number).toBeLessThan(0.75);
    const fills = week.spans
      .map((span) => span.attributes['driftwatch.context.fill_ratio'])
      .filter((fill): fill is number => typeof fill === 'number');
    expect(fills.some((fill) => fill >= 0.75 && fill < 0.95)).toBe(true);
    const costs = days.slice(0, 5).map((day) => day.costPerRun as number);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect((costs[4] as number) / (costs[0] as number)).toBeGreaterThan(1.5);
  });

  it('should show the escalation rise at the weekend, by category', () => {
    const saturday = days[5] as Day;
    expect(saturday.escalationRate as number).toBeGreaterThan((calmDays[5]?.escalationRate as number) + 0.1);
    expect(saturday.escalationsByCategory.low_confidence).toBeGreaterThan(0);
    // The swapped checkpoint also answers malformed JSON now and then: escalated as invalid_model_output.
    const invalid = (list: Day[]) => list.map((day) => day.escalationsByCategory.invalid_model_output ?? 0);
    expect(invalid(days).slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(
      invalid(days)
        .slice(4)
        .reduce((a, b) => a + b, 0),
    ).toBeGreaterThan(0);
    expect(invalid(calmDays)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('should keep metric labels to bounded names: no ids, emails, task text or content in any label', () => {
    const labels = new Map<string, Set<string>>();
    for (const point of week.metrics) {
      for (const [key, value] of Object.entries(point.attributes)) {
        const values = labels.get(key) ?? new Set<string>();
        values.add(String(value));
        labels.set(key, values);
      }
    }
    const allValues = [...labels.values()].flatMap((values) => [...values]);
    expect(allValues.filter((value) => /L-\d+-\d+|@|\.test\b|Lead |History/.test(value))).toEqual([]);
    for (const [key, values] of labels) {
      // Every label is a small vocabulary; ids would give one value per lead (140 here).
      expect(values.size, `${key}: ${[...values].slice(0, 5).join(', ')}`).toBeLessThanOrEqual(25);
    }
    expect([...labels.keys()].filter((key) => /id$|\.id\b|conversation|task|message|content/.test(key))).toEqual([]);
  });

  it('should show quality scores falling with the CRM schema change and the worse checkpoint, and only then', () => {
    expect(calmDays.every((day) => (day.qualityScore as number) >= 0.99)).toBe(true);
    expect(days.slice(0, 3).every((day) => (day.qualityScore as number) >= 0.99)).toBe(true);
    // Thursday: schema_compliance fails on every malformed CRM answer.
    expect(days[3]?.qualityScore as number).toBeLessThan(0.9);
    // Friday on: the new checkpoint's malformed verdicts fail json_validity.
    expect(days[4]?.qualityScore as number).toBeLessThan(0.99);
  });
});
