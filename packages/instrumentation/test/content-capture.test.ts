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
  it('should redact a secret whole before cutting content to the budget, wherever the cut falls', async () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwicm9sZSI6ImFkbWluIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const pieces = Array.from({ length: jwt.length - 11 }, (_, index) => jwt.slice(index, index + 12));
    // A long last message makes the budget cut every string to one common length, near 910 characters: across
    // the JWT of the second message at each of these offsets.
    for (const offset of [820, 850, 870, 890, 900]) {
      await bed.telemetry.reset();
      await bed.client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'user', content: `${'x'.repeat(offset)} ${jwt} ok` },
          { role: 'user', content: 'y'.repeat(20_000) },
        ],
      });
      const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
      const input = String(attributes['gen_ai.input.messages']);
      expect(input.length).toBeLessThanOrEqual(2000);
      expect(attributes['driftwatch.content.truncated']).toBe('gen_ai.input.messages');
      expect(input).toContain('[REDACTED]');
      expect(pieces.filter((piece) => input.includes(piece))).toEqual([]);
    }
  });

  it('should redact whole values of secret-named properties in tool call arguments, keeping token counters', async () => {
    await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'log me in' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: {
                name: 'login',
                arguments: JSON.stringify({ user: 'bob', password: 'pw-Shorty1', token_count: 3, max_tokens: 9 }),
              },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ sessionCookie: 'c00kieVALUE', ok: true }) },
      ],
    });
    const input = json(bed.telemetry.spans()[0]?.attributes['gen_ai.input.messages']) as Array<{
      parts: Array<Record<string, unknown>>;
    }>;
    expect(input[1]?.parts[0]).toEqual({
      type: 'tool_call',
      id: 'call_1',
      name: 'login',
      arguments: { user: 'bob', password: '[REDACTED]', token_count: 3, max_tokens: 9 },
    });
    expect(JSON.stringify(input[2])).not.toContain('c00kieVALUE');
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.request.max_tokens']).toBe(64);
  });
});
