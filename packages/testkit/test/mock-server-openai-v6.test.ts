import OpenAIv6, { APIConnectionTimeoutError, RateLimitError } from 'openai-v6';
import { describe, expect, it } from 'vitest';
import { useMockLlm } from './helpers/suite-servers';

describe('mock LLM server: the openai v6 SDK', () => {
  const llm = useMockLlm((baseURL) => new OpenAIv6({ apiKey: 'sk-test', baseURL, maxRetries: 0 }));

  it('should parse plain and streamed chat completions with usage', async () => {
    const completion = await llm.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello v6' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Mock answer to: Hello v6');
    const stream = await llm.client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Hello v6' }],
    });
    let text = '';
    let totalTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      totalTokens = chunk.usage?.total_tokens ?? totalTokens;
    }
    expect(text).toBe('Mock answer to: Hello v6');
    expect(totalTokens).toBe(completion.usage?.total_tokens);
  });

  it('should parse Responses, streamed Responses and base64 embeddings', async () => {
    const response = await llm.client.responses.create({ model: 'gpt-4.1', input: 'Hello v6' });
    expect(response.output_text).toBe('Mock answer to: Hello v6');
    const final = await llm.client.responses.stream({ model: 'gpt-4.1', input: 'Hello v6' }).finalResponse();
    expect(final.output_text).toBe('Mock answer to: Hello v6');
    const embeddings = await llm.client.embeddings.create({ model: 'text-embedding-3-small', input: 'v6' });
    expect(embeddings.data[0]?.embedding).toHaveLength(1536);
  });

  it('should surface faults as the v6 error classes', async () => {
    const rateLimited = await llm.client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-mock-fault': 'rate_limit' } },
      )
      .catch((caught) => caught);
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    const timedOut = await llm.client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-mock-fault': 'hang' }, timeout: 200 },
      )
      .catch((caught) => caught);
    expect(timedOut).toBeInstanceOf(APIConnectionTimeoutError);
  });
});
