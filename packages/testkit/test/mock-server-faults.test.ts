import OpenAI, {
  APIConnectionTimeoutError,
  APIError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FaultName, type MockLlmServer, startMockLlmServer } from '../src/index';

const CHAT_REQUEST = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] };

function withFault(fault: FaultName) {
  return { headers: { 'x-mock-fault': fault } };
}

describe('mock LLM server: faults seen through the openai SDK', () => {
  let server: MockLlmServer;
  let client: OpenAI;

  beforeEach(async () => {
    server ??= await startMockLlmServer();
    server.reset();
    server.setScenario({});
    client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0, logLevel: 'off' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('should answer rate_limit with a RateLimitError, retry headers and the real error body', async () => {
    const error = await client.chat.completions.create(CHAT_REQUEST, withFault('rate_limit')).catch((caught) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('requests');
    expect(error.headers.get('retry-after')).toBe('1');
    expect(error.headers.get('retry-after-ms')).toBe('1000');
    expect(error.requestID).toMatch(/^req_/);
  });

  it('should answer server_error with an InternalServerError and bad_request with a BadRequestError', async () => {
    const serverError = await client.responses
      .create({ model: 'gpt-4o', input: 'Hi' }, withFault('server_error'))
      .catch((caught) => caught);
    expect(serverError).toBeInstanceOf(InternalServerError);
    expect(serverError.type).toBe('server_error');
    const badRequest = await client.chat.completions
      .create(CHAT_REQUEST, withFault('bad_request'))
      .catch((caught) => caught);
    expect(badRequest).toBeInstanceOf(BadRequestError);
    expect(badRequest.type).toBe('invalid_request_error');
    expect(badRequest.param).toBe('messages');
  });

  it('should answer overloaded with a 503, and break a stream with an error event under stream_error', async () => {
    const overloaded = await client.chat.completions
      .create(CHAT_REQUEST, withFault('overloaded'))
      .catch((caught) => caught);
    expect(overloaded).toBeInstanceOf(InternalServerError);
    expect(overloaded.status).toBe(503);
    const stream = await client.chat.completions.create({ ...CHAT_REQUEST, stream: true }, withFault('stream_error'));
    const chunks: unknown[] = [];
    const streamError = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((caught) => caught);
    expect(streamError).toBeInstanceOf(APIError);
    expect(streamError.type).toBe('server_error');
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('should apply the fault header to every retry attempt', async () => {
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 1 });
    const error = await retrying.embeddings
      .create({ model: 'text-embedding-3-small', input: 'x' }, { ...withFault('server_error') })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(2);
  });

  it('should hang until the client times out, and still close promptly', async () => {
    const hangingServer = await startMockLlmServer();
    const impatient = new OpenAI({ apiKey: 'sk-test', baseURL: hangingServer.url, maxRetries: 0, timeout: 200 });
    const error = await impatient.chat.completions.create(CHAT_REQUEST, withFault('hang')).catch((caught) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    const pending = fetch(`${hangingServer.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mock-fault': 'hang' },
      body: JSON.stringify(CHAT_REQUEST),
    }).catch((caught: unknown) => caught);
    await expect.poll(() => hangingServer.requests.length).toBe(2);
    await hangingServer.close();
    await hangingServer.close();
    expect(await pending).toBeInstanceOf(TypeError);
  });

  it('should send malformed JSON as a SyntaxError for plain and streamed calls', async () => {
    const plain = await client.chat.completions
      .create(CHAT_REQUEST, withFault('malformed_json'))
      .catch((caught) => caught);
    expect(plain).toBeInstanceOf(SyntaxError);
    const stream = await client.chat.completions.create({ ...CHAT_REQUEST, stream: true }, withFault('malformed_json'));
    const chunks: unknown[] = [];
    const streamError = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((caught) => caught);
    expect(streamError).toBeInstanceOf(SyntaxError);
    expect(chunks.length).toBeGreaterThan(0);
  });

  it('should cut a stream after some chunks without [DONE]', async () => {
    const stream = await client.chat.completions.create(
      { ...CHAT_REQUEST, stream: true, stream_options: { include_usage: true } },
      withFault('stream_cut'),
    );
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })().catch((caught) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(server.stats().totals.inputTokens).toBe(0);
  });

  it('should leave usage out under missing_usage, streamed or not, and not count it', async () => {
    const plain = await client.chat.completions.create(CHAT_REQUEST, withFault('missing_usage'));
    expect(plain.usage).toBeUndefined();
    expect(plain.choices[0]?.message.content).toBe('Mock answer to: Hello');
    const stream = await client.chat.completions.create(
      { ...CHAT_REQUEST, stream: true, stream_options: { include_usage: true } },
      withFault('missing_usage'),
    );
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    const response = await client.responses.create({ model: 'gpt-4o', input: 'Hi' }, withFault('missing_usage'));
    expect(response.usage ?? undefined).toBeUndefined();
    expect(server.stats()).toEqual({ calls: 3, byModel: {}, totals: expect.objectContaining({ inputTokens: 0 }) });
  });

  it('should inject scenario faults by call number, path and seeded probability', async () => {
    server.setScenario({
      seed: 7,
      faults: [
        { fault: 'rate_limit', every: 3 },
        { fault: 'server_error', fromCall: 5, toCall: 5, path: '/chat/completions' },
      ],
    });
    const outcomes: string[] = [];
    for (let call = 1; call <= 6; call += 1) {
      outcomes.push(
        await client.chat.completions.create(CHAT_REQUEST).then(
          () => 'ok',
          (error: unknown) => (error as { status: number }).status.toString(),
        ),
      );
    }
    expect(outcomes).toEqual(['ok', 'ok', '429', 'ok', '500', '429']);

    const probabilityOutcomes = async () => {
      server.reset();
      server.setScenario({ seed: 42, faults: [{ fault: 'server_error', probability: 0.5 }] });
      const results: boolean[] = [];
      for (let call = 1; call <= 20; call += 1) {
        results.push(
          await client.chat.completions.create(CHAT_REQUEST).then(
            () => true,
            () => false,
          ),
        );
      }
      return results;
    };
    const firstRun = await probabilityOutcomes();
    expect(await probabilityOutcomes()).toEqual(firstRun);
    expect(firstRun.filter(Boolean).length).toBeGreaterThan(3);
    expect(firstRun.filter((ok) => !ok).length).toBeGreaterThan(3);
  });
});
