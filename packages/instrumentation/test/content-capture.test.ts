import { describe, expect, it } from 'vitest';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

describe('content capture (opt-in)', () => {
  const bed = useOpenAITestbed(OPENAI_VERSIONS[0]!, { captureMessageContent: true, contentMaxLength: 2000 });

  const json = (value: unknown) => JSON.parse(String(value)) as unknown;

  it('should record chat messages, tools and output in the conventions schema', async () => {
    const completion = await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You qualify leads.' },
        { role: 'user', content: 'Look up acme.com' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'lookup_company', description: 'Company data', parameters: { type: 'object' } },
        },
      ],
    });
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    expect(json(attributes['gen_ai.input.messages'])).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You qualify leads.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Look up acme.com' }] },
    ]);
    expect(json(attributes['gen_ai.tool.definitions'])).toEqual([
      { type: 'function', name: 'lookup_company', description: 'Company data', parameters: { type: 'object' } },
    ]);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    expect(json(attributes['gen_ai.output.messages'])).toEqual([
      {
        role: 'assistant',
        parts: [
          ...(completion.choices[0]?.message.content
            ? [{ type: 'text', content: completion.choices[0].message.content }]
            : []),
          {
            type: 'tool_call',
            id: call?.id,
            name: call?.type === 'function' ? call.function.name : undefined,
            arguments: call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined,
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('should rebuild the streamed output message from its deltas', async () => {
    const stream = await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream a reply' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(json(bed.telemetry.spans()[0]?.attributes['gen_ai.output.messages'])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' },
    ]);
  });

  it('should record responses instructions as system instructions', async () => {
    await bed.client.responses.create({ model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'hello' });
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    expect(json(attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(json(attributes['gen_ai.input.messages'])).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hello' }] },
    ]);
  });

  it('should keep huge content within the budget as valid JSON, marked and counted', async () => {
    const huge = 'lorem ipsum '.repeat(100_000);
    await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: huge },
        { role: 'user', content: 'and a short question' },
      ],
    });
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    const input = String(attributes['gen_ai.input.messages']);
    expect(input.length).toBeLessThanOrEqual(2000);
    const messages = json(input) as Array<{ parts: Array<{ content: string }> }>;
    expect(messages).toHaveLength(2);
    expect(messages[1]?.parts[0]?.content).toBe('and a short question');
    expect(attributes['driftwatch.content.truncated']).toBe('gen_ai.input.messages');
    const dropped = await bed.telemetry.counter('driftwatch.telemetry.dropped');
    expect(dropped).toContainEqual({
      attributes: { 'driftwatch.component': 'content', 'driftwatch.drop.reason': 'attribute_budget' },
      value: expect.any(Number),
    });
  });

  it('should redact credentials in captured content', async () => {
    await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'my key is sk-proj-abcdefghijklmnopqrstuvwxyz123456 and AKIAABCDEFGHIJKLMNOP' },
      ],
    });
    const input = String(bed.telemetry.spans()[0]?.attributes['gen_ai.input.messages']);
    expect(input).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz123456');
    expect(input).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(input).toContain('[REDACTED]');
  });
});
