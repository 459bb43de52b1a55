import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

const REQUEST = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Write a long answer about lead scoring please' }],
  stream: true as const,
};

describe.each(OPENAI_VERSIONS)('$label streamed chat completions', (openAIVersion) => {
  const collect = async (stream: AsyncIterable<unknown>) => {
    const chunks: unknown[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return chunks;
  };
  const withoutIds = (chunks: unknown[]) =>
    chunks.map((chunk) => ({ ...(chunk as Record<string, unknown>), id: '', created: 0 }));

  const bed = useOpenAITestbed(openAIVersion);

  it('should hand the app the very chunks it gets without Driftwatch, while recording exact usage', async () => {
    // The mock is not api.openai.com, where usage is asked for by default: opt it in.
    bed.telemetry.instrumentation.setConfig({ streamUsage: 'always' });
    bed.telemetry.instrumentation.disable();
    const plain = await collect(await bed.client.chat.completions.create(REQUEST));
    bed.telemetry.instrumentation.enable();
    bed.server.reset();
    const instrumented = await collect(await bed.client.chat.completions.create(REQUEST));

    expect(withoutIds(instrumented)).toEqual(withoutIds(plain));
    expect(instrumented.every((chunk) => !('usage' in (chunk as object)))).toBe(true);
    expect(bed.server.requests[0]?.body).toEqual(expect.objectContaining({ stream_options: { include_usage: true } }));
    const [span] = bed.telemetry.spans();
    const { totals } = bed.server.stats();
    expect(totals.inputTokens).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(totals.inputTokens);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBe(totals.outputTokens);
    expect(span?.attributes['gen_ai.request.stream']).toBe(true);
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.response.id']).toBe((instrumented[0] as { id: string }).id);
  });

  it('should not ask for usage from a host not known to accept it (the default, auto)', async () => {
    const chunks = await collect(await bed.client.chat.completions.create(REQUEST));
    expect(chunks.length).toBeGreaterThan(1);
    expect(bed.server.requests[0]?.body).toEqual(REQUEST);
    expect(bed.telemetry.spans()[0]?.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
  });

  it('should leave the usage chunk in place when the app asked for it', async () => {
    const chunks = await collect(
      await bed.client.chat.completions.create({ ...REQUEST, stream_options: { include_usage: true } }),
    );
    const last = chunks.at(-1) as { usage?: { prompt_tokens: number }; choices: unknown[] };
    expect(last.choices).toEqual([]);
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.usage.input_tokens']).toBe(last.usage?.prompt_tokens);
  });

  it('should not ask for usage when streamUsage is off', async () => {
    bed.telemetry.instrumentation.setConfig({ streamUsage: false });
    try {
      await collect(await bed.client.chat.completions.create(REQUEST));
      expect(bed.server.requests[0]?.body).not.toHaveProperty('stream_options');
      expect(bed.telemetry.spans()[0]?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    } finally {
      bed.telemetry.instrumentation.setConfig({});
    }
  });

  it('should end the span once, without error, when the app breaks out early', async () => {
    const stream = await bed.client.chat.completions.create(REQUEST);
    for await (const _chunk of stream) break;
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans[0]?.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
  });

  it('should mark a stream aborted through its controller', async () => {
    const stream = await bed.client.chat.completions.create(REQUEST);
    const seen: unknown[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      stream.controller.abort();
    }
    expect(seen.length).toBeGreaterThanOrEqual(1);
    const [span] = bed.telemetry.spans();
    expect(bed.telemetry.spans()).toHaveLength(1);
    expect(span?.attributes['error.type']).toBe('APIUserAbortError');
  });

  it('should end the span with an error and rethrow when the stream is cut off', async () => {
    const stream = await bed.client.chat.completions.create(REQUEST, { headers: { 'x-mock-fault': 'stream_cut' } });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(seen.length).toBeGreaterThan(0);
    const [span] = bed.telemetry.spans();
    expect(bed.telemetry.spans()).toHaveLength(1);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe((error as Error).constructor.name);
  });

  it('should keep tee() working: both branches get every chunk, one span', async () => {
    const [left, right] = (await bed.client.chat.completions.create(REQUEST)).tee();
    const [leftChunks, rightChunks] = await Promise.all([collect(left), collect(right)]);
    expect(leftChunks.length).toBeGreaterThan(2);
    expect(rightChunks).toEqual(leftChunks);
    expect(bed.telemetry.spans()).toHaveLength(1);
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('should keep toReadableStream() working', async () => {
    const stream = await bed.client.chat.completions.create(REQUEST);
    const reader = stream.toReadableStream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    expect(bytes).toBeGreaterThan(0);
    expect(bed.telemetry.spans()).toHaveLength(1);
  });

  it('should trace the chat.completions.stream() helper and keep its final completion', async () => {
    const runner = bed.client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream helper' }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBeTruthy();
    expect(bed.telemetry.spans()).toHaveLength(1);
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('should record time to first chunk as a metric for streams only', async () => {
    await collect(await bed.client.chat.completions.create(REQUEST));
    await bed.client.chat.completions.create({ model: 'gpt-4o-mini', messages: REQUEST.messages });
    const points = await bed.telemetry.histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(points.reduce((count, point) => count + point.count, 0)).toBe(1);
  });
});
