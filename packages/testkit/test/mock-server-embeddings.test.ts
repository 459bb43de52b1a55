import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useMockLlm } from './helpers/suite-servers';

describe('mock LLM server: embeddings through the openai SDK', () => {
  const llm = useMockLlm((baseURL) => new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 }));

  it('should answer the default base64 request with vectors the SDK decodes to the model dimensions', async () => {
    const result = await llm.client.embeddings.create({ model: 'text-embedding-3-small', input: ['first', 'second'] });
    expect(llm.server.requests.at(-1)?.body).toMatchObject({ encoding_format: 'base64' });
    expect(result.model).toBe('text-embedding-3-small');
    expect(result.data.map((entry) => [entry.index, entry.embedding.length])).toEqual([
      [0, 1536],
      [1, 1536],
    ]);
    expect(result.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    const norm = Math.hypot(...(result.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('should give the same numbers as float arrays and honour dimensions', async () => {
    const decoded = await llm.client.embeddings.create({ model: 'text-embedding-3-small', input: 'same text' });
    const floats = await llm.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same text',
      encoding_format: 'float',
    });
    expect(Array.from(decoded.data[0]?.embedding ?? [])).toEqual(floats.data[0]?.embedding);
    const small = await llm.client.embeddings.create({
      model: 'text-embedding-3-large',
      input: 'short',
      dimensions: 256,
    });
    expect(small.data[0]?.embedding).toHaveLength(256);
  });

  it('should be deterministic for the same input and differ between inputs', async () => {
    const first = await llm.client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'a', 'b'] });
    const [a1, a2, b] = first.data.map((entry) => Array.from(entry.embedding));
    expect(a1).toEqual(a2);
    expect(a1).not.toEqual(b);
  });
});
