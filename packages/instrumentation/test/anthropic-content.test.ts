import { describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, CLAUDE_MODEL } from './helpers/anthropic-versions';

const LOOKUP_TOOL = {
  name: 'lookup_company',
  description: 'Company data by domain',
  input_schema: { type: 'object' as const, properties: { domain: { type: 'string' } }, required: ['domain'] },
};

const json = (value: unknown) => JSON.parse(String(value)) as unknown;

describe('Anthropic content capture (opt-in)', () => {
  const bed = useAnthropicTestbed(ANTHROPIC_VERSIONS[0]!, { captureMessageContent: true, contentMaxLength: 4000 });

  it('should record system instructions, a tool loop, tool definitions and the output in the conventions schema', async () => {
    const first = await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 256,
      system: [{ type: 'text', text: 'You qualify leads.' }],
      tools: [LOOKUP_TOOL, { type: 'web_search_20250305', name: 'web_search' }],
      messages: [{ role: 'user', content: 'Look up acme.com' }],
    });
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    const preface = first.content.find((block) => block.type === 'text');
    await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 256,
      system: 'You qualify leads.',
      messages: [
        { role: 'user', content: 'Look up acme.com' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.id ?? '', content: '40 staff' }] },
      ],
    });
    const [firstSpan, secondSpan] = bed.telemetry.spans();
    expect(json(firstSpan?.attributes['gen_ai.system_instructions'])).toEqual([
      { type: 'text', content: 'You qualify leads.' },
    ]);
    expect(json(firstSpan?.attributes['gen_ai.tool.definitions'])).toEqual([
      {
        type: 'function',
        name: 'lookup_company',
        description: 'Company data by domain',
        parameters: LOOKUP_TOOL.input_schema,
      },
      { type: 'web_search_20250305', name: 'web_search' },
    ]);
    const toolCallPart = { type: 'tool_call', id: toolUse?.id, name: 'lookup_company', arguments: toolUse?.input };
    expect(json(firstSpan?.attributes['gen_ai.output.messages'])).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: preface?.text }, toolCallPart],
        finish_reason: 'tool_call',
      },
    ]);
    expect(json(secondSpan?.attributes['gen_ai.input.messages'])).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Look up acme.com' }] },
      { role: 'assistant', parts: [{ type: 'text', content: preface?.text }, toolCallPart] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: toolUse?.id, response: '40 staff' }] },
    ]);
    expect(json(secondSpan?.attributes['gen_ai.output.messages'])).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Mock answer from tool result: 40 staff' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('should rebuild a streamed answer, thinking and tool input included, as the plain answer reads', async () => {
    const request = {
      model: CLAUDE_MODEL,
      max_tokens: 2048,
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      tools: [LOOKUP_TOOL],
      messages: [{ role: 'user' as const, content: 'Look up acme.com' }],
    };
    await bed.client.messages.create(request);
    await bed.client.messages.stream(request).finalMessage();
    // The two answers differ in their tool call id only.
    const [plain, streamed] = bed.telemetry
      .spans()
      .map((span) => String(span.attributes['gen_ai.output.messages']).replace(/toolu_\w+/g, 'toolu_id'))
      .map(json);
    expect(streamed).toEqual(plain);
    expect(plain).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: expect.stringContaining('Look up acme.com') },
          { type: 'text', content: "I'll use the lookup_company tool." },
          {
            type: 'tool_call',
            id: expect.stringMatching(/^toolu_/),
            name: 'lookup_company',
            arguments: { domain: 'mock domain' },
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('should redact credentials and keep huge content within its budget as valid JSON', async () => {
    await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'lorem ipsum '.repeat(50_000) },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'my key is sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789' },
      ],
    });
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    const input = String(attributes['gen_ai.input.messages']);
    expect(input.length).toBeLessThanOrEqual(4000);
    expect(input).not.toContain('sk-ant-api03');
    expect(input).toContain('[REDACTED]');
    expect(json(input)).toHaveLength(3);
    expect(attributes['driftwatch.content.truncated']).toBe('gen_ai.input.messages');
  });
});
