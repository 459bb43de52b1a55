import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockLlm } from './helpers/suite-servers';

const LOOKUP_TOOL = {
  type: 'function' as const,
  name: 'lookup_order',
  strict: true,
  parameters: {
    type: 'object',
    properties: { order_id: { type: 'string' } },
    required: ['order_id'],
    additionalProperties: false,
  },
};

describe('mock LLM server: Responses API through the openai SDK', () => {
  const llm = useMockLlm((baseURL) => new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 }));

  it('should answer a plain request with a message item, usage details and the dated model', async () => {
    const response = await llm.client.responses.create({
      model: 'gpt-4.1',
      instructions: 'Be brief.',
      input: 'Summarise the plot of Hamlet',
    });
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-4.1-2025-04-14',
      instructions: 'Be brief.',
      service_tier: 'default',
      usage: {
        input_tokens: 16,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 11,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 27,
      },
    });
    expect(response.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.output_text).toBe('Mock answer to: Summarise the plot of Hamlet');
  });

  it('should put a reasoning item first and count reasoning tokens for o-series models', async () => {
    const response = await llm.client.responses.create({ model: 'o4-mini', input: 'Think hard' });
    expect(response.model).toBe('o4-mini-2025-04-16');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('should stream the real event sequence with increasing sequence numbers', async () => {
    const stream = await llm.client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Stream a sentence to me',
      stream: true,
    });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    const deltaCount = types.filter((type) => type === 'response.output_text.delta').length;
    expect(deltaCount).toBeGreaterThan(1);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array.from({ length: deltaCount }, () => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const created = events[0];
    expect(created?.type === 'response.created' ? created.response : undefined).toMatchObject({
      status: 'in_progress',
      output: [],
      usage: null,
    });
    const completed = events.at(-1);
    expect(completed?.type === 'response.completed' ? completed.response.usage?.total_tokens : 0).toBeGreaterThan(0);
  });

  it('should give a complete final response through the SDK stream helper', async () => {
    const stream = llm.client.responses.stream({ model: 'o4-mini', input: 'Helper stream' });
    const response = await stream.finalResponse();
    expect(response.output_text).toBe('Mock answer to: Helper stream');
    expect(response.status).toBe('completed');
  });

  it('should call a function tool, streamed with argument deltas, and answer its output with text', async () => {
    const stream = llm.client.responses.stream({ model: 'gpt-4.1', input: 'Where is order 42?', tools: [LOOKUP_TOOL] });
    const argumentDeltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const response = await stream.finalResponse();
    const call = response.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'lookup_order', status: 'completed' });
    expect(argumentDeltas.join('')).toBe(call?.type === 'function_call' ? call.arguments : '');
    expect(JSON.parse(call?.type === 'function_call' ? call.arguments : '')).toEqual({ order_id: 'mock order_id' });

    const followUp = await llm.client.responses.create({
      model: 'gpt-4.1',
      tools: [LOOKUP_TOOL],
      input: [
        { role: 'user', content: 'Where is order 42?' },
        ...(call?.type === 'function_call' ? [call] : []),
        {
          type: 'function_call_output',
          call_id: call?.type === 'function_call' ? call.call_id : '',
          output: 'Shipped',
        },
      ],
    });
    expect(followUp.output_text).toBe('Mock answer from tool result: Shipped');
  });

  it('should end as incomplete when max_output_tokens cuts the answer', async () => {
    const response = await llm.client.responses.create({
      model: 'gpt-4o',
      input: 'A long essay',
      max_output_tokens: 3,
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('Mock answer ');
    const stream = llm.client.responses.stream({ model: 'gpt-4o', input: 'A long essay', max_output_tokens: 3 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.incomplete');
  });

  it('should return schema-shaped JSON for a json_schema text format', async () => {
    const response = await llm.client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Extract the invoice',
      text: {
        format: {
          type: 'json_schema',
          name: 'invoice',
          strict: true,
          schema: {
            type: 'object',
            properties: { total: { type: 'number' }, currency: { type: 'string', enum: ['EUR', 'USD'] } },
            required: ['total', 'currency'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(JSON.parse(response.output_text)).toEqual({ total: 1, currency: 'EUR' });
  });
});
