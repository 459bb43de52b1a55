import Anthropic, { APIError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { useMockLlm } from './helpers/suite-servers';

const MODEL = 'claude-haiku-4-5';

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('mock LLM server: streamed Messages through @anthropic-ai/sdk', () => {
  const llm = useMockLlm(() => undefined);
  const client = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: llm.server.anthropicUrl, maxRetries: 0 });

  it('should send the real event sequence with event names, a ping, and the final usage in message_delta', async () => {
    const raw = await fetch(`${llm.server.anthropicUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    }).then((response) => response.text());
    const events = raw
      .trim()
      .split('\n\n')
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return { name: eventLine?.slice('event: '.length), data: JSON.parse(dataLine?.slice('data: '.length) ?? '') };
      });
    expect(events.map((event) => event.name)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const event of events) expect(event.data.type).toBe(event.name);
    expect(events[0]?.data.message).toMatchObject({ content: [], stop_reason: null, usage: { output_tokens: 1 } });
    expect(events.at(-2)?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 4, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 5 },
    });
  });

  it('should stream thinking, a text preface and tool input JSON that the SDK reassembles', async () => {
    const stream = client().messages.stream({
      model: MODEL,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { id: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Find the order' }],
    });
    const deltaTypes = new Set<string>();
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltaTypes.add(event.delta.type);
    });
    const message = await stream.finalMessage();
    expect([...deltaTypes].sort()).toEqual(['input_json_delta', 'signature_delta', 'text_delta', 'thinking_delta']);
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(message.content[2]).toMatchObject({ name: 'lookup', input: { id: 'mock id' } });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
  });

  it('should cut a stream before message_delta, and send an overloaded error event under stream_error', async () => {
    const request = {
      model: MODEL,
      max_tokens: 64,
      stream: true as const,
      messages: [{ role: 'user' as const, content: 'Tell me a long story please' }],
    };
    const cut = await client().messages.create(request, { headers: { 'x-mock-fault': 'stream_cut' } });
    const seen: Anthropic.RawMessageStreamEvent[] = [];
    const cutError = await (async () => {
      for await (const event of cut) seen.push(event);
    })().catch((caught: unknown) => caught);
    expect(cutError).toBeInstanceOf(Error);
    expect(seen[0]?.type).toBe('message_start');
    expect(seen.some((event) => event.type === 'message_delta')).toBe(false);

    const broken = await client().messages.create(request, { headers: { 'x-mock-fault': 'stream_error' } });
    const streamError = await collect(broken).catch((caught: unknown) => caught);
    expect(streamError).toBeInstanceOf(APIError);
    expect((streamError as APIError).type).toBe('overloaded_error');
    expect((streamError as APIError).status).toBeUndefined();
  });
});
