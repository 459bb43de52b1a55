import OpenAI from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockLlmServer, startMockLlmServer } from '../src/index';

function ask(client: OpenAI, content: string, model = 'gpt-4o-mini') {
  return client.chat.completions.create({ model, messages: [{ role: 'user', content }] });
}

describe('mock LLM server: scenarios and stats', () => {
  let server: MockLlmServer;
  let client: OpenAI;

  beforeEach(async () => {
    server ??= await startMockLlmServer();
    server.reset();
    server.setScenario({});
    client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('should swap the checkpoint and fingerprint of a label after the given number of calls', async () => {
    server.setScenario({
      checkpointSwap: {
        afterCalls: 2,
        model: 'gpt-4o-mini',
        toModel: 'gpt-4o-mini-2025-01-31',
        toFingerprint: 'fp_swapped01',
      },
    });
    const answers = [];
    for (let call = 0; call < 4; call += 1) answers.push(await ask(client, 'Hi'));
    expect(answers.map((answer) => answer.model)).toEqual([
      'gpt-4o-mini-2024-07-18',
      'gpt-4o-mini-2024-07-18',
      'gpt-4o-mini-2025-01-31',
      'gpt-4o-mini-2025-01-31',
    ]);
    expect(answers[0]?.system_fingerprint).toBe(answers[1]?.system_fingerprint);
    expect(answers[2]?.system_fingerprint).toBe('fp_swapped01');
    const otherLabel = await ask(client, 'Hi', 'gpt-4o');
    expect(otherLabel.model).toBe('gpt-4o-2024-08-06');
  });

  it('should grow usage by the per-call tokens, cumulatively', async () => {
    server.setScenario({ tokenGrowth: { perCallInputTokens: 100, perCallOutputTokens: 10 } });
    const usages = [];
    for (let call = 0; call < 3; call += 1) usages.push((await ask(client, 'Same prompt')).usage);
    expect(usages.map((usage) => usage?.prompt_tokens)).toEqual([6, 106, 206]);
    expect(usages.map((usage) => usage?.completion_tokens)).toEqual([7, 17, 27]);
  });

  it('should answer with scripted content and scripted tool calls matched on the last user message', async () => {
    server.setScenario({
      responses: [
        { match: 'refund', toolCall: { name: 'issue_refund', arguments: { order_id: 'A-1', amount: 12.5 } } },
        { match: 'refund', content: 'Your refund is on its way.' },
        { match: 'hello', content: 'Scripted hello!' },
      ],
    });
    expect((await ask(client, 'hello there')).choices[0]?.message.content).toBe('Scripted hello!');
    const refund = await ask(client, 'I want a refund');
    const call = refund.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? call.function : undefined).toEqual({
      name: 'issue_refund',
      arguments: '{"order_id":"A-1","amount":12.5}',
    });
    const afterTool = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'I want a refund' },
        { role: 'assistant', content: null, tool_calls: refund.choices[0]?.message.tool_calls ?? [] },
        { role: 'tool', tool_call_id: call?.id ?? '', content: 'refunded' },
      ],
    });
    expect(afterTool.choices[0]?.message.content).toBe('Mock answer from tool result: refunded');
    const streamed = await client.responses.create({ model: 'gpt-4.1', input: 'hello stream' });
    expect(streamed.output_text).toBe('Scripted hello!');
  });

  it('should answer per checkpoint when a scripted answer names the model that answers, swaps included', async () => {
    server.setScenario({
      responses: [
        { match: 'verdict', model: 'gpt-4o-2024-11-20', content: 'newer checkpoint' },
        { match: 'verdict', content: 'older checkpoint' },
      ],
    });
    expect((await ask(client, 'verdict?', 'gpt-4o')).choices[0]?.message.content).toBe('older checkpoint');
    expect((await ask(client, 'verdict?', 'gpt-4o-2024-11-20')).choices[0]?.message.content).toBe('newer checkpoint');
    server.setScenario({
      checkpointSwap: { afterCalls: 0, model: 'gpt-4o', toModel: 'gpt-4o-2024-11-20' },
      responses: [
        { match: 'verdict', model: 'gpt-4o-2024-11-20', content: 'newer checkpoint' },
        { match: 'verdict', content: 'older checkpoint' },
      ],
    });
    expect((await ask(client, 'verdict?', 'gpt-4o')).choices[0]?.message.content).toBe('newer checkpoint');
  });

  it('should report stats that match the usage the SDK returned, by response model', async () => {
    const chat = await ask(client, 'x'.repeat(5000), 'o4-mini');
    const response = await client.responses.create({ model: 'gpt-4.1', input: 'Count me' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream me' }],
    });
    let streamedUsage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) streamedUsage = chunk.usage ?? streamedUsage;
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vector' });
    await client.chat.completions
      .create(
        { model: 'gpt-4.1', messages: [{ role: 'user', content: 'faulted' }] },
        { headers: { 'x-mock-fault': 'server_error' } },
      )
      .catch(() => undefined);

    const stats = server.stats();
    expect(stats.calls).toBe(5);
    expect(stats.byModel['o4-mini-2025-04-16']).toEqual({
      calls: 1,
      inputTokens: chat.usage?.prompt_tokens,
      outputTokens: chat.usage?.completion_tokens,
      cachedTokens: chat.usage?.prompt_tokens_details?.cached_tokens,
      reasoningTokens: chat.usage?.completion_tokens_details?.reasoning_tokens,
    });
    expect(stats.byModel['gpt-4.1-2025-04-14']).toEqual({
      calls: 2,
      inputTokens: (response.usage?.input_tokens ?? 0) + (streamedUsage?.prompt_tokens ?? 0),
      outputTokens: (response.usage?.output_tokens ?? 0) + (streamedUsage?.completion_tokens ?? 0),
      cachedTokens: 0,
      reasoningTokens: 0,
    });
    expect(stats.byModel['text-embedding-3-small']?.inputTokens).toBe(embedding.usage.prompt_tokens);
    const allInput = Object.values(stats.byModel).reduce((total, entry) => total + entry.inputTokens, 0);
    expect(stats.totals.inputTokens).toBe(allInput);
    expect(stats.totals.cachedTokens).toBe(chat.usage?.prompt_tokens_details?.cached_tokens);
    expect(stats.totals.cachedTokens).toBeGreaterThan(0);

    server.reset();
    expect(server.stats()).toEqual({
      calls: 0,
      byModel: {},
      totals: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 },
    });
    expect(server.requests).toHaveLength(0);
  });

  it('should start on a given port with a scenario and wait latencyMs before answering', async () => {
    const probe = await startMockLlmServer();
    const port = probe.port;
    await probe.close();
    const slow = await startMockLlmServer({
      port,
      latencyMs: 50,
      scenario: { responses: [{ content: 'Slow hello' }] },
    });
    expect(slow.url).toBe(`http://127.0.0.1:${port}/v1`);
    const slowClient = new OpenAI({ apiKey: 'sk-test', baseURL: slow.url, maxRetries: 0 });
    const startedAt = performance.now();
    const answer = await ask(slowClient, 'anything');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(45);
    expect(answer.choices[0]?.message.content).toBe('Slow hello');
    await slow.close();
  });
});
