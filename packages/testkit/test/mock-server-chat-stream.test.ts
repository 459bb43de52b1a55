import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockLlm } from './helpers/suite-servers';

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('mock LLM server: streamed chat completions through the openai SDK', () => {
  const llm = useMockLlm((baseURL) => new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 }));

  it('should stream a role chunk, content pieces, a finish chunk and a usage chunk, all with usage null before', async () => {
    const stream = await llm.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Tell me something nice about the weather' }],
    });
    const chunks = await collect(stream);
    const first = chunks[0];
    expect(first?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Mock answer to: Tell me something nice about the weather');
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(2);
    const finish = chunks.at(-2);
    expect(finish?.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ prompt_tokens: 13, completion_tokens: 14, total_tokens: 27 });
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk).toMatchObject({
        object: 'chat.completion.chunk',
        id: first?.id,
        model: 'gpt-4o-mini-2024-07-18',
        service_tier: 'default',
        usage: null,
      });
      expect(chunk.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    }
  });

  it('should send no usage key at all without include_usage, and end with data: [DONE]', async () => {
    const { data: stream, response } = await llm.client.chat.completions
      .create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const chunks = await collect(stream);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    const raw = await fetch(`${llm.server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    }).then((answer) => answer.text());
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('should stream a tool call: id and name first, then the arguments in pieces', async () => {
    const stream = await llm.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'Look up the order' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup_order',
            parameters: {
              type: 'object',
              properties: { order_id: { type: 'string' }, include_items: { type: 'boolean' } },
              required: ['order_id', 'include_items'],
            },
          },
        },
      ],
    });
    const chunks = await collect(stream);
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'lookup_order', arguments: '' },
    });
    expect(toolDeltas[0]?.id).toMatch(/^call_/);
    expect(toolDeltas.length).toBeGreaterThan(2);
    const argumentsText = toolDeltas.map((delta) => delta.function?.arguments ?? '').join('');
    expect(JSON.parse(argumentsText)).toEqual({ order_id: 'mock order_id', include_items: true });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('should work with the SDK stream helper and tee()', async () => {
    const runner = llm.client.chat.completions.stream({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'Helper please' }],
      stream_options: { include_usage: true },
    });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe('Mock answer to: Helper please');
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);

    const stream = await llm.client.chat.completions.create({
      model: 'gpt-4.1-mini',
      stream: true,
      messages: [{ role: 'user', content: 'Tee please' }],
    });
    const [left, right] = stream.tee();
    const [leftChunks, rightChunks] = await Promise.all([collect(left), collect(right)]);
    expect(leftChunks).toEqual(rightChunks);
  });
});
