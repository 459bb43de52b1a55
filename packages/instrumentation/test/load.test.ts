import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { traceAgent, traceTool } from '@driftwatch/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

const LOOKUP = {
  type: 'function' as const,
  function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
};

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('load', () => {
  const bed = useOpenAITestbed(OPENAI_VERSIONS[0]!, { streamUsage: 'always' });

  async function agentRun(index: number): Promise<string> {
    return traceAgent({ name: `agent-${index % 5}`, conversationId: `c-${index}` }, async () => {
      const messages: Parameters<typeof bed.client.chat.completions.create>[0]['messages'] = [
        { role: 'user', content: `run ${index}` },
      ];
      const first = await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [LOOKUP] });
      const call = first.choices[0]?.message.tool_calls?.[0];
      if (call?.type !== 'function') throw new Error('expected a tool call');
      const result = await traceTool({ name: 'lookup', callId: call.id }, async () => {
        await new Promise((resolve) => setTimeout(resolve, index % 3));
        return `result ${index}`;
      });
      messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: result });
      const second = await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      return second.choices[0]?.message.content ?? '';
    });
  }

  /** Every child span sits under the one agent span of its trace, which names the run the child belongs to. */
  function checkParentage(spans: ReadableSpan[], runs: number): void {
    const agents = spans.filter((span) => span.name.startsWith('invoke_agent '));
    expect(agents).toHaveLength(runs);
    const agentById = new Map(agents.map((span) => [span.spanContext().spanId, span]));
    const children = spans.filter((span) => !span.name.startsWith('invoke_agent '));
    expect(children).toHaveLength(runs * 3);
    const childrenPerAgent = new Map<string, number>();
    for (const child of children) {
      const parentId = child.parentSpanContext?.spanId ?? '';
      const parent = agentById.get(parentId);
      expect(parent, `${child.name} has no agent parent`).toBeDefined();
      expect(child.spanContext().traceId).toBe(parent?.spanContext().traceId);
      childrenPerAgent.set(parentId, (childrenPerAgent.get(parentId) ?? 0) + 1);
    }
    expect([...childrenPerAgent.values()].every((count) => count === 3)).toBe(true);
  }

  it('should keep 50 concurrent agent runs apart over 10 rounds, lose no span and keep memory flat', async () => {
    const heaps: number[] = [];
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(Array.from({ length: 50 }, (_, index) => agentRun(round * 50 + index)));
      expect(answers.every((answer) => answer.startsWith('Mock answer from tool result: result'))).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      checkParentage(bed.telemetry.spans(), 50);
      const [executions] = await bed.telemetry.counters('driftwatch.agent.executions');
      expect(executions?.reduce((total, point) => total + point.value, 0)).toBe(50);
      bed.telemetry.spanExporter.reset();
      bed.server.reset();
      heaps.push(heapAfterGc());
    }
    // After warm-up, ten rounds of 50 runs must not accumulate state: the last heap is within 5 MB of round 3's.
    expect((heaps[9] as number) - (heaps[2] as number)).toBeLessThan(5 * 1024 * 1024);
  }, 60_000);

  it('should end 500 concurrent streaming calls with exact usage and the same text the app read', async () => {
    const texts = await Promise.all(
      Array.from({ length: 500 }, async (_, index) => {
        const stream = await bed.client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: `stream ${index}` }],
          stream: true,
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
        return text;
      }),
    );
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(500);
    expect(texts.every((text, index) => text === `Mock answer to: stream ${index}`)).toBe(true);
    const stats = bed.server.stats();
    const outputTokens = spans.reduce(
      (total, span) => total + Number(span.attributes['gen_ai.usage.output_tokens']),
      0,
    );
    const inputTokens = spans.reduce((total, span) => total + Number(span.attributes['gen_ai.usage.input_tokens']), 0);
    expect(outputTokens).toBe(stats.totals.outputTokens);
    expect(inputTokens).toBe(stats.totals.inputTokens);
    expect(spans.every((span) => typeof span.attributes['gen_ai.response.time_to_first_chunk'] === 'number')).toBe(
      true,
    );
  }, 60_000);
});
