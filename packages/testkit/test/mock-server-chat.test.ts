import OpenAI, { NotFoundError } from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlmServer } from '../src/index';

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
    },
  },
};

describe('mock LLM server: chat completions through the openai SDK', () => {
  let server: MockLlmServer;
  let client: OpenAI;

  beforeEach(async () => {
    server ??= await startMockLlmServer();
    server.reset();
    client = new OpenAI({ apiKey: 'sk-secret', baseURL: server.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('should answer with the dated checkpoint, a fingerprint, usage details and the request headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is the capital of France?' }] })
      .withResponse();
    expect(data).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o-mini-2024-07-18',
      service_tier: 'default',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: 'Mock answer to: What is the capital of France?', refusal: null },
        },
      ],
      usage: {
        prompt_tokens: 11,
        completion_tokens: 12,
        total_tokens: 23,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(data.id).toMatch(/^chatcmpl-[0-9a-f]{29}$/);
    expect(data.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('should record each request with lower-cased headers and the bearer token redacted', async () => {
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o' } });
    expect(request?.headers['authorization']).toBe('Bearer ***');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('should echo a dated model and a requested service tier, and give n choices', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-2024-11-20',
      service_tier: 'flex',
      n: 2,
      messages: [{ role: 'user', content: 'Two answers please' }],
    });
    expect(completion.model).toBe('gpt-4o-2024-11-20');
    expect(completion.service_tier).toBe('flex');
    expect(completion.choices.map((choice) => choice.message.content)).toEqual([
      'Mock answer to: Two answers please',
      'Mock answer to: Two answers please (choice 2)',
    ]);
  });

  it('should report reasoning tokens for o-series models and cached tokens for long prompts', async () => {
    const longPrompt = 'x'.repeat(8000);
    const completion = await client.chat.completions.create({
      model: 'o4-mini',
      messages: [{ role: 'user', content: longPrompt }],
    });
    expect(completion.model).toBe('o4-mini-2025-04-16');
    expect(completion.usage?.prompt_tokens).toBe(2003);
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(896);
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('should truncate to max_completion_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1',
      max_completion_tokens: 2,
      messages: [{ role: 'user', content: 'Write a long story about the sea' }],
    });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Mock ans' } });
    expect(completion.usage?.completion_tokens).toBe(2);
  });

  it('should return JSON that fits the schema for json_schema and json_object formats', async () => {
    const schemaCompletion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Describe a person' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              age: { type: 'integer' },
              tags: { type: 'array', items: { type: 'string' } },
              active: { type: 'boolean' },
            },
            required: ['name', 'age', 'tags', 'active'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(JSON.parse(schemaCompletion.choices[0]?.message.content ?? '')).toEqual({
      name: 'mock name',
      age: 1,
      tags: ['mock tags'],
      active: true,
    });
    const objectCompletion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Answer in JSON' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(objectCompletion.choices[0]?.message.content ?? '')).toEqual({
      answer: 'Mock answer to: Answer in JSON',
    });
  });

  it('should call the first tool with schema-built arguments, then answer the tool result with text', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [WEATHER_TOOL] });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const toolCall = choice?.message.tool_calls?.[0];
    expect(toolCall).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(toolCall?.id).toMatch(/^call_[0-9a-f]{24}$/);
    const argumentsText = toolCall?.type === 'function' ? toolCall.function.arguments : '';
    expect(JSON.parse(argumentsText)).toEqual({ city: 'mock city', unit: 'celsius' });

    const second = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [WEATHER_TOOL],
      messages: [
        ...messages,
        { role: 'assistant', content: null, tool_calls: choice?.message.tool_calls ?? [] },
        { role: 'tool', tool_call_id: toolCall?.id ?? '', content: 'Sunny, 21 degrees' },
      ],
    });
    expect(second.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: 'Mock answer from tool result: Sunny, 21 degrees' },
    });
  });

  it('should call the tool named by tool_choice and skip tools with tool_choice none', async () => {
    const otherTool = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object' } } };
    const named = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Time?' }],
      tools: [WEATHER_TOOL, otherTool],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    const namedCall = named.choices[0]?.message.tool_calls?.[0];
    expect(namedCall?.type === 'function' ? namedCall.function : undefined).toEqual({
      name: 'get_time',
      arguments: '{}',
    });
    const none = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Time?' }],
      tools: [WEATHER_TOOL],
      tool_choice: 'none',
    });
    expect(none.choices[0]?.finish_reason).toBe('stop');
  });

  it('should list models and answer unknown routes with an OpenAI-shaped 404', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('gpt-4o-mini-2024-07-18');
    const error = await client.post('/does/not/exist', { body: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).error).toEqual({
      message: 'Invalid URL (POST /v1/does/not/exist)',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });
});
