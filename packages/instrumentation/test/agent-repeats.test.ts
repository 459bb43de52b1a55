import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { configureAgentTracing, escalate, traceAgent } from '@driftwatch/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryTelemetry } from './helpers/in-memory-telemetry';

/** A real garbage collection, so heap figures measure what is retained rather than what is not yet collected. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('repeated tasks', () => {
  let telemetry: InMemoryTelemetry;
  let agentSuffix = 0;
  let agent = '';

  beforeAll(() => {
    telemetry = new InMemoryTelemetry();
  });
  afterEach(async () => {
    configureAgentTracing({ repeatWindowMillis: 24 * 60 * 60 * 1000, maxTrackedTasks: 100_000, now: Date.now });
    await telemetry.reset();
  });
  afterAll(() => telemetry.shutdown());

  /** A fresh agent name per test, so completions of one test are not repeats in another. */
  function nextAgent(): string {
    agentSuffix += 1;
    agent = `qualifier-${agentSuffix}`;
    return agent;
  }

  /** Lets the span processor finish its exports, then forgets the exported spans. */
  async function settleExports(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    telemetry.spanExporter.reset();
  }

  function repeatFlags(): unknown[] {
    return telemetry.spans().map((span: ReadableSpan) => span.attributes['driftwatch.agent.repeat']);
  }

  it('should mark a run whose task was already completed within the window, whatever its spelling', async () => {
    const name = nextAgent();
    await traceAgent({ name, task: 'Qualify lead ada@acme.test' }, async () => 'done');
    await traceAgent({ name, task: '  qualify   LEAD ada@acme.test ' }, async () => 'again');
    await traceAgent({ name, task: 'Qualify lead bob@acme.test' }, async () => 'other');
    await traceAgent({ name: `${name}-b`, task: 'Qualify lead ada@acme.test' }, async () => 'other agent');

    expect(repeatFlags()).toEqual([false, true, false, false]);
    const [first, second] = telemetry.spans();
    expect(second?.attributes['driftwatch.agent.task.hash']).toBe(first?.attributes['driftwatch.agent.task.hash']);
    expect(JSON.stringify(first?.attributes)).not.toContain('ada@acme.test');
    expect(await telemetry.counter('driftwatch.agent.repeats')).toEqual([
      { attributes: { 'gen_ai.agent.name': name }, value: 1 },
    ]);
  });

  it('should normalize object tasks by key order and take a key function', async () => {
    const name = nextAgent();
    await traceAgent({ name, task: { lead: 'L-1', action: 'qualify' } }, () => 1);
    await traceAgent({ name, task: { action: 'qualify', lead: 'L-1' } }, () => 2);
    const byLead = (task: { lead: string; attempt: number }) => task.lead;
    await traceAgent({ name: `${name}-k`, task: { lead: 'L-2', attempt: 1 }, taskKey: byLead }, () => 3);
    await traceAgent({ name: `${name}-k`, task: { lead: 'L-2', attempt: 2 }, taskKey: byLead }, () => 4);

    expect(repeatFlags()).toEqual([false, true, false, true]);
  });

  it('should count only completed runs: a failed or escalated run is not a completion', async () => {
    const name = nextAgent();
    await expect(
      traceAgent({ name, task: 'L-3' }, async () => {
        throw new Error('CRM down');
      }),
    ).rejects.toThrow();
    await traceAgent({ name, task: 'L-3' }, async () => escalate({ category: 'low_confidence' }));
    await traceAgent({ name, task: 'L-3' }, async () => 'retried after a failure and an escalation');
    await traceAgent({ name, task: 'L-3' }, async () => 'a real repeat');

    expect(repeatFlags()).toEqual([false, false, false, true]);
  });

  it('should forget completions older than the window', async () => {
    let clock = 1_000_000;
    configureAgentTracing({ repeatWindowMillis: 80, now: () => clock });
    const name = nextAgent();
    await traceAgent({ name, task: 'L-4' }, () => 'first');
    clock += 80;
    await traceAgent({ name, task: 'L-4' }, () => 'inside the window');
    clock += 81;
    await traceAgent({ name, task: 'L-4' }, () => 'outside the window');

    expect(repeatFlags()).toEqual([false, true, false]);
  });

  it('should keep memory bounded over 100k distinct tasks: the oldest completions are forgotten first', async () => {
    configureAgentTracing({ maxTrackedTasks: 10_000 });
    const name = nextAgent();
    await settleExports();
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let index = 0; index < 100_000; index++) {
      traceAgent({ name, task: `task-${index}` }, () => index);
      if (index % 10_000 === 9_999) await settleExports();
    }
    await settleExports();
    collectGarbage();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    traceAgent({ name, task: 'task-0' }, () => 'long forgotten');
    traceAgent({ name, task: 'task-89999' }, () => 'just past the bound');
    traceAgent({ name, task: 'task-99999' }, () => 'recent');
    traceAgent({ name, task: 'task-95000' }, () => 'within the bound');

    expect(repeatFlags()).toEqual([false, false, true, true]);
    // 10k remembered hashes retain about 1.5 MB; remembering all 100k retains about 15 MB.
    expect(heapGrowth).toBeLessThan(8 * 1024 * 1024);
  }, 30_000);
});
