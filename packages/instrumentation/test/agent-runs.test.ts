import { configureAgentTracing, escalate, recordOutcome, traceAgent, traceTool } from '@driftwatch/instrumentation';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

const [openAI7] = OPENAI_VERSIONS;
if (openAI7 === undefined) throw new Error('openai 7 missing');

const LOOKUP_TOOL = {
  type: 'function' as const,
  function: {
    name: 'lookup_company',
    description: 'Look a company up',
    parameters: { type: 'object', properties: { domain: { type: 'string' } }, required: ['domain'] },
  },
};

function byName(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

function parentOf(span: ReadableSpan | undefined): string | undefined {
  return span?.parentSpanContext?.spanId;
}

describe('traceAgent', () => {
  const bed = useOpenAITestbed(openAI7);
  afterEach(() => configureAgentTracing({ captureContent: false }));

  /** chat (asks for the tool) -> tool -> chat (answers), the loop every tool-calling agent runs. */
  async function qualifyLead(domain: string): Promise<string> {
    const messages: Parameters<typeof bed.client.chat.completions.create>[0]['messages'] = [
      { role: 'user', content: `Qualify the lead from ${domain}` },
    ];
    const first = await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [LOOKUP_TOOL] });
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (call === undefined || call.type !== 'function') throw new Error('expected a tool call');
    const result = await traceTool({ name: call.function.name, callId: call.id }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { domain, employees: 120 };
    });
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    const second = await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [LOOKUP_TOOL] });
    return second.choices[0]?.message.content ?? '';
  }

  it('should make the run the parent of its chat and tool spans, across awaits and timers', async () => {
    const answer = await traceAgent({ name: 'lead-qualifier', id: 'lq-1', conversationId: 'conv-9' }, () =>
      qualifyLead('acme.test'),
    );

    expect(answer).toMatch(/^Mock answer from tool result/);
    const spans = bed.telemetry.spans();
    const [run] = byName(spans, 'invoke_agent lead-qualifier');
    const chats = byName(spans, 'chat gpt-4o-mini');
    const [toolSpan] = byName(spans, 'execute_tool lookup_company');
    expect(spans).toHaveLength(4);
    expect(run?.kind).toBe(SpanKind.INTERNAL);
    expect(run?.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'lead-qualifier',
      'gen_ai.agent.id': 'lq-1',
      'gen_ai.conversation.id': 'conv-9',
      'driftwatch.agent.outcome': 'success',
    });
    expect(chats).toHaveLength(2);
    for (const span of [...chats, toolSpan]) {
      expect(parentOf(span)).toBe(run?.spanContext().spanId);
      expect(span?.spanContext().traceId).toBe(run?.spanContext().traceId);
    }
    expect(toolSpan?.kind).toBe(SpanKind.INTERNAL);
    expect(toolSpan?.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_company',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': expect.stringMatching(/^call_/),
    });
    // Siblings in call order: chat, tool, chat.
    const order = [chats[0], toolSpan, chats[1]].map((span) =>
      span ? span.startTime[0] * 1e9 + span.startTime[1] : 0,
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const executions = await bed.telemetry.counter('driftwatch.agent.executions');
    expect(executions).toEqual([
      { attributes: { 'gen_ai.agent.name': 'lead-qualifier', 'driftwatch.agent.outcome': 'success' }, value: 1 },
    ]);
  });

  it('should keep 50 concurrent runs apart: every span under its own run, no cross-talk', async () => {
    const domains = Array.from({ length: 50 }, (_, index) => `company-${index}.test`);
    const answers = await Promise.all(
      domains.map((domain) =>
        traceAgent({ name: 'lead-qualifier', conversationId: domain }, () => qualifyLead(domain)),
      ),
    );

    expect(answers).toHaveLength(50);
    const spans = bed.telemetry.spans();
    const runs = byName(spans, 'invoke_agent lead-qualifier');
    expect(runs).toHaveLength(50);
    const runIds = new Set(runs.map((run) => run.spanContext().spanId));
    const children = spans.filter((span) => !runIds.has(span.spanContext().spanId));
    expect(children).toHaveLength(150);
    for (const run of runs) {
      const mine = children.filter((span) => parentOf(span) === run.spanContext().spanId);
      expect(mine.map((span) => span.name).sort()).toEqual([
        'chat gpt-4o-mini',
        'chat gpt-4o-mini',
        'execute_tool lookup_company',
      ]);
      for (const span of mine) expect(span.spanContext().traceId).toBe(run.spanContext().traceId);
    }
    expect(new Set(runs.map((run) => run.spanContext().traceId)).size).toBe(50);
  });

  it('should end the run with ERROR and error.type on a rejection, and rethrow the very same error', async () => {
    class CrmUnavailable extends Error {}
    const thrown = new CrmUnavailable('CRM is down');

    const outcome = traceAgent({ name: 'lead-qualifier' }, async () => {
      await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      throw thrown;
    });

    await expect(outcome).rejects.toBe(thrown);
    const [run] = byName(bed.telemetry.spans(), 'invoke_agent lead-qualifier');
    expect(run?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'CrmUnavailable' });
    expect(run?.attributes['error.type']).toBe('CrmUnavailable');
    expect(run?.attributes['driftwatch.agent.outcome']).toBe('error');
    expect(run?.events.map((event) => event.name)).toEqual(['exception']);
    const executions = await bed.telemetry.counter('driftwatch.agent.executions');
    expect(executions).toEqual([
      {
        attributes: {
          'gen_ai.agent.name': 'lead-qualifier',
          'driftwatch.agent.outcome': 'error',
          'error.type': 'CrmUnavailable',
        },
        value: 1,
      },
    ]);
  });

  it('should trace a sync function and a sync throw without making either async', () => {
    const value = traceAgent({ name: 'sync-agent' }, () => 42);
    expect(value).toBe(42);
    const thrown = new RangeError('bad');
    expect(() =>
      traceAgent({ name: 'sync-agent' }, () => {
        throw thrown;
      }),
    ).toThrow(thrown);

    const runs = byName(bed.telemetry.spans(), 'invoke_agent sync-agent');
    expect(runs.map((run) => run.attributes['driftwatch.agent.outcome'])).toEqual(['success', 'error']);
    expect(runs[1]?.attributes['error.type']).toBe('RangeError');
  });

  it('should trace an agent that streams its answer as an async generator, ending when the stream ends', async () => {
    const client = bed.client;
    async function* streamAnswer(): AsyncGenerator<string, string> {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stream please' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.content ?? '';
        text += delta;
        if (delta !== '') yield delta;
      }
      await traceTool({ name: 'save_answer' }, async () => text.length);
      return text;
    }

    const generator = traceAgent({ name: 'streaming-agent' }, () => streamAnswer());
    expect(Object.prototype.toString.call(generator)).toBe('[object AsyncGenerator]');
    expect(byName(bed.telemetry.spans(), 'invoke_agent streaming-agent')).toHaveLength(0);
    const pieces: string[] = [];
    for await (const piece of generator) pieces.push(piece);

    expect(pieces.join('')).toMatch(/^Mock answer to: stream please/);
    const spans = bed.telemetry.spans();
    const [run] = byName(spans, 'invoke_agent streaming-agent');
    expect(run?.attributes['driftwatch.agent.outcome']).toBe('success');
    const children = spans.filter((span) => parentOf(span) === run?.spanContext().spanId).map((span) => span.name);
    expect(children.sort()).toEqual(['chat gpt-4o-mini', 'execute_tool save_answer']);
  });

  it('should end a streaming run when the consumer stops early, and on an error inside the stream', async () => {
    async function* numbers(failAt?: number): AsyncGenerator<number> {
      for (let index = 0; index < 10; index++) {
        if (index === failAt) throw new TypeError('broken stream');
        yield index;
      }
    }
    for await (const value of traceAgent({ name: 'early-exit' }, () => numbers())) if (value === 2) break;
    const failing = traceAgent({ name: 'failing-stream' }, () => numbers(3));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of failing) seen.push(value);
      })(),
    ).rejects.toThrow('broken stream');

    expect(seen).toEqual([0, 1, 2]);
    const spans = bed.telemetry.spans();
    expect(byName(spans, 'invoke_agent early-exit')[0]?.attributes['driftwatch.agent.outcome']).toBe('success');
    const [failed] = byName(spans, 'invoke_agent failing-stream');
    expect(failed?.attributes['error.type']).toBe('TypeError');
  });

  it('should nest runs: the inner run is a child of the outer one', async () => {
    await traceAgent({ name: 'orchestrator' }, async () => {
      await traceAgent({ name: 'researcher' }, () =>
        bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'find' }] }),
      );
    });
    const spans = bed.telemetry.spans();
    const [outer] = byName(spans, 'invoke_agent orchestrator');
    const [inner] = byName(spans, 'invoke_agent researcher');
    const [chat] = byName(spans, 'chat gpt-4o-mini');
    expect(parentOf(inner)).toBe(outer?.spanContext().spanId);
    expect(parentOf(chat)).toBe(inner?.spanContext().spanId);
  });

  it('should hand fn the run span and leave the active span as it was after the run', async () => {
    const before = trace.getActiveSpan();
    let seen: unknown;
    await traceAgent({ name: 'span-user' }, async (span) => {
      seen = span;
      expect(trace.getActiveSpan()).toBe(span);
    });
    expect(trace.getActiveSpan()).toBe(before);
    expect((seen as ReadableSpan).name).toBe('invoke_agent span-user');
  });

  describe('escalations and outcomes', () => {
    it('should end an escalated run as escalated and count it once by category', async () => {
      await traceAgent({ name: 'support' }, async () => {
        escalate({
          reason: 'customer asked for a human, key sk-proj-abcdefghijklmnopqrstuvwx',
          category: 'customer_request',
        });
        escalate({ reason: 'second thought', category: 'low_confidence' });
      });

      const [run] = byName(bed.telemetry.spans(), 'invoke_agent support');
      expect(run?.attributes).toMatchObject({
        'driftwatch.agent.outcome': 'escalated',
        'driftwatch.agent.escalated': true,
        'driftwatch.escalation.category': 'customer_request',
        'driftwatch.escalation.reason': 'customer asked for a human, key [REDACTED]',
      });
      expect(run?.events.map((event) => event.attributes?.['driftwatch.escalation.category'])).toEqual([
        'customer_request',
        'low_confidence',
      ]);
      const [escalations, executions] = await bed.telemetry.counters(
        'driftwatch.agent.escalations',
        'driftwatch.agent.executions',
      );
      expect(escalations).toEqual([
        {
          attributes: { 'gen_ai.agent.name': 'support', 'driftwatch.escalation.category': 'customer_request' },
          value: 1,
        },
      ]);
      expect(executions).toEqual([
        { attributes: { 'gen_ai.agent.name': 'support', 'driftwatch.agent.outcome': 'escalated' }, value: 1 },
      ]);
    });

    it('should turn a runaway loop past maxSteps into a max_steps escalation without stopping it', async () => {
      let calls = 0;
      await traceAgent({ name: 'looper', maxSteps: 3 }, async () => {
        for (let step = 0; step < 6; step++) {
          await traceTool({ name: 'poll' }, async () => {
            calls += 1;
          });
        }
      });

      expect(calls).toBe(6);
      const [run] = byName(bed.telemetry.spans(), 'invoke_agent looper');
      expect(run?.attributes).toMatchObject({
        'driftwatch.agent.max_steps': 3,
        'driftwatch.agent.outcome': 'escalated',
        'driftwatch.escalation.category': 'max_steps',
        'driftwatch.escalation.reason': 'more than 3 steps',
      });
      expect(await bed.telemetry.counter('driftwatch.agent.escalations')).toEqual([
        { attributes: { 'gen_ai.agent.name': 'looper', 'driftwatch.escalation.category': 'max_steps' }, value: 1 },
      ]);
    });

    it('should count LLM calls as steps too', async () => {
      await traceAgent({ name: 'chatty', maxSteps: 1 }, async () => {
        for (let step = 0; step < 2; step++) {
          await bed.client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'x' }],
          });
        }
      });
      const [run] = byName(bed.telemetry.spans(), 'invoke_agent chatty');
      expect(run?.attributes['driftwatch.agent.outcome']).toBe('escalated');
    });

    it('should record business outcomes by agent and name, booleans as 1/0', async () => {
      for (const qualified of [true, false, true]) {
        await traceAgent({ name: 'lead-qualifier' }, async () => {
          recordOutcome({ name: 'lead_qualified', value: qualified });
          recordOutcome({ name: 'deal_size', value: 1200 });
        });
      }
      recordOutcome({ name: 'crm_field_correct', value: false, agent: 'lead-qualifier' });
      recordOutcome({ name: 'broken', value: Number.NaN });

      const points = await bed.telemetry.histogram('driftwatch.outcome.value');
      const summary = points.map(({ attributes, count, sum }) => ({ attributes, count, sum }));
      expect(summary).toEqual(
        expect.arrayContaining([
          {
            attributes: { 'gen_ai.agent.name': 'lead-qualifier', 'driftwatch.outcome.name': 'lead_qualified' },
            count: 3,
            sum: 2,
          },
          {
            attributes: { 'gen_ai.agent.name': 'lead-qualifier', 'driftwatch.outcome.name': 'deal_size' },
            count: 3,
            sum: 3600,
          },
          {
            attributes: { 'gen_ai.agent.name': 'lead-qualifier', 'driftwatch.outcome.name': 'crm_field_correct' },
            count: 1,
            sum: 0,
          },
        ]),
      );
      expect(summary).toHaveLength(3);
      const [run] = byName(bed.telemetry.spans(), 'invoke_agent lead-qualifier');
      expect(run?.events.map((event) => event.attributes)).toEqual([
        { 'driftwatch.outcome.name': 'lead_qualified', 'driftwatch.outcome.value': true },
        { 'driftwatch.outcome.name': 'deal_size', 'driftwatch.outcome.value': 1200 },
      ]);
    });

    it('should do nothing outside a run', () => {
      expect(() => escalate({ reason: 'nobody here' })).not.toThrow();
      expect(bed.telemetry.spans()).toHaveLength(0);
    });
  });

  it('should record run durations by agent and outcome', async () => {
    await traceAgent({ name: 'timed' }, () => new Promise((resolve) => setImmediate(resolve)));
    const [point] = await bed.telemetry.histogram('driftwatch.agent.duration');
    expect(point?.attributes).toEqual({ 'gen_ai.agent.name': 'timed', 'driftwatch.agent.outcome': 'success' });
    expect(point?.count).toBe(1);
    // In seconds, as long as the run's span: the same interval, measured by the same process.
    const [run] = bed.telemetry.spans().filter((span) => span.name === 'invoke_agent timed');
    const [seconds, nanos] = run?.duration ?? [0, 0];
    expect(point?.sum).toBeCloseTo(seconds + nanos / 1e9, 2);
  });
});
