import Anthropic, {
  APIConnectionTimeoutError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import AnthropicV0 from 'anthropic-v0';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FaultName, type MockLlmServer, startMockLlmServer } from '../src/index';

const MODEL = 'claude-haiku-4-5';
const CHECKPOINT = 'claude-haiku-4-5-20251001';
const LOOKUP_TOOL = {
  name: 'lookup_company',
  description: 'Company data by domain',
  input_schema: {
    type: 'object' as const,
    properties: { domain: { type: 'string' }, employees: { type: 'integer' } },
    required: ['domain'],
  },
};

function withFault(fault: FaultName) {
  return { headers: { 'x-mock-fault': fault } };
}

describe('mock LLM server: the Anthropic Messages API through @anthropic-ai/sdk', () => {
  let server: MockLlmServer;
  let client: Anthropic;

  beforeEach(async () => {
    server ??= await startMockLlmServer();
    server.reset();
    server.setScenario({});
    client = new Anthropic({ apiKey: 'sk-ant-secret', baseURL: server.anthropicUrl, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('should answer a message with the dated model, a text block, end_turn, usage and request-id', async () => {
    const { data, response, request_id } = await client.messages
      .create({
        model: MODEL,
        max_tokens: 256,
        system: 'You qualify leads.',
        messages: [{ role: 'user', content: 'What is the capital of France?' }],
      })
      .withResponse();
    expect(data).toEqual({
      id: expect.stringMatching(/^msg_01[0-9a-f]{22}$/),
      type: 'message',
      role: 'assistant',
      model: CHECKPOINT,
      content: [{ type: 'text', text: 'Mock answer to: What is the capital of France?' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 18,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 12,
        service_tier: 'standard',
      },
    });
    expect(request_id).toMatch(/^req_011C[0-9a-f]{20}$/);
    expect(response.headers.get('x-request-id')).toBeNull();
    expect(server.requests[0]).toMatchObject({
      path: '/v1/messages',
      headers: { 'anthropic-version': expect.any(String) },
    });
    expect(JSON.stringify(server.requests)).not.toContain('sk-ant-secret');
    expect(server.stats().byModel[CHECKPOINT]).toEqual({
      calls: 1,
      inputTokens: 18,
      outputTokens: 12,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('should call a tool after a preface, then answer from the tool_result', async () => {
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [LOOKUP_TOOL],
      messages: [{ role: 'user', content: 'Look up acme.com' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const [preface, call] = first.content;
    expect(preface).toEqual({ type: 'text', text: "I'll use the lookup_company tool." });
    expect(call).toEqual({
      type: 'tool_use',
      id: expect.stringMatching(/^toolu_01/),
      name: 'lookup_company',
      input: { domain: 'mock domain' },
    });
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [LOOKUP_TOOL],
      messages: [
        { role: 'user', content: 'Look up acme.com' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: call?.type === 'tool_use' ? call.id : '', content: '40 staff' },
          ],
        },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([{ type: 'text', text: 'Mock answer from tool result: 40 staff' }]);

    const forced = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [LOOKUP_TOOL],
      tool_choice: { type: 'tool', name: 'lookup_company' },
      messages: [{ role: 'user', content: 'Look up acme.com' }],
    });
    expect(forced.content.map((block) => block.type)).toEqual(['tool_use']);
  });

  it('should think first when thinking is on, and count the thinking tokens in the output', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Think about it' }],
    });
    const [thinking, text] = message.content;
    expect(thinking).toEqual({
      type: 'thinking',
      thinking: 'The user asks: Think about it. Answer briefly.',
      signature: expect.any(String),
    });
    expect(text?.type).toBe('text');
    expect(message.usage.output_tokens_details).toEqual({ thinking_tokens: 12 });
    expect(message.usage.output_tokens).toBe(12 + 8);
    expect(server.stats().totals.reasoningTokens).toBe(12);
  });

  it('should write a cache_control prefix once and read it afterwards', async () => {
    const request = {
      model: MODEL,
      max_tokens: 64,
      system: [{ type: 'text' as const, text: 'policy '.repeat(700), cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: 'Is this lead qualified?' }],
    };
    const first = await client.messages.create(request);
    const second = await client.messages.create(request);
    expect(first.usage.cache_creation_input_tokens).toBe(1225);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(1225);
    expect(second.usage.input_tokens).toBe(first.usage.input_tokens);
    const total = first.usage.input_tokens + 1225;
    expect(server.stats().totals).toMatchObject({ inputTokens: 2 * total, cachedTokens: 1225 });

    const short = await client.messages.create({
      ...request,
      system: [{ type: 'text', text: 'short', cache_control: { type: 'ephemeral' } }],
    });
    expect(short.usage.cache_creation_input_tokens).toBe(0);
    server.reset();
    expect((await client.messages.create(request)).usage.cache_creation_input_tokens).toBe(1225);
  });

  it('should stop at max_tokens and refuse requests the API refuses', async () => {
    const cut = await client.messages.create({
      model: MODEL,
      max_tokens: 2,
      messages: [{ role: 'user', content: 'Write a long essay about the sea' }],
    });
    expect(cut.stop_reason).toBe('max_tokens');
    const missing = await client.messages
      .create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
      } as unknown as Anthropic.MessageCreateParamsNonStreaming)
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(BadRequestError);
    expect((missing as BadRequestError).error).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
    const notFound = await client.models.retrieve('claude-x').catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(NotFoundError);
  });

  it.each([
    ['rate_limit', 429, RateLimitError, 'rate_limit_error'],
    ['server_error', 500, InternalServerError, 'api_error'],
    ['overloaded', 529, OverloadedError, 'overloaded_error'],
    ['stream_error', 529, OverloadedError, 'overloaded_error'],
    ['bad_request', 400, BadRequestError, 'invalid_request_error'],
  ] as const)(
    'should answer %s with status %i and an Anthropic error body',
    async (fault, status, errorClass, type) => {
      const error = await client.messages
        .create({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }, withFault(fault))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(errorClass);
      expect((error as RateLimitError).status).toBe(status);
      expect((error as RateLimitError).type).toBe(type);
      expect((error as RateLimitError).requestID).toMatch(/^req_011C/);
      if (fault === 'rate_limit') expect((error as RateLimitError).headers?.get('retry-after')).toBe('1');
    },
  );

  it('should hang until the client times out, and leave usage out under missing_usage', async () => {
    const error = await client.messages
      .create(
        { model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
        { ...withFault('hang'), timeout: 200 },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    const plain = await client.messages.create(
      { model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] },
      withFault('missing_usage'),
    );
    expect(plain).not.toHaveProperty('usage');
    expect(server.stats().totals.inputTokens).toBe(0);
  });

  it('should serve the previous SDK major (0.x) the same way', async () => {
    const legacy = new AnthropicV0({ apiKey: 'sk-ant-secret', baseURL: server.anthropicUrl, maxRetries: 0 });
    const message = await legacy.messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hello from 0.x' }],
    });
    expect(message.model).toBe(CHECKPOINT);
    expect(JSON.stringify(server.requests)).not.toContain('sk-ant-secret');
    const streamed = await legacy.messages
      .stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage();
    expect(streamed.content).toEqual([{ type: 'text', text: 'Mock answer to: Hi' }]);
  });
});
