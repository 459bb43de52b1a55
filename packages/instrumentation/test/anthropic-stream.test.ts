import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, CLAUDE_CHECKPOINT, CLAUDE_MODEL } from './helpers/anthropic-versions';

const REQUEST = {
  model: CLAUDE_MODEL,
  max_tokens: 512,
  messages: [{ role: 'user' as const, content: 'Write a long answer about lead scoring please' }],
  stream: true as const,
};

type StreamEvent = { type: string; message?: { id: string; usage: { input_tokens: number } }; usage?: unknown };

async function collect(stream: AsyncIterable<unknown>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event as StreamEvent);
  return events;
}

/** Reads a stream to its end or its error, keeping the events read before the error. */
async function drain(stream: AsyncIterable<unknown>): Promise<{ events: StreamEvent[]; error: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event as StreamEvent);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

/** The events with the one field that differs between two identical calls (the message id) blanked. */
function withoutIds(events: StreamEvent[]): unknown[] {
  return events.map((event) => (event.message ? { ...event, message: { ...event.message, id: '' } } : event));
}

describe.each(ANTHROPIC_VERSIONS)('$label streamed messages', (anthropicVersion) => {
  const bed = useAnthropicTestbed(anthropicVersion);

  it('should hand the app the very events it gets without Driftwatch, and record the final usage', async () => {
    bed.instrumentation.disable();
    const plain = await collect(await bed.newClient({ openTelemetry: false }).messages.create(REQUEST));
    bed.instrumentation.enable();
    const instrumented = await collect(await bed.client.messages.create(REQUEST));

    expect(withoutIds(instrumented)).toEqual(withoutIds(plain));
    expect(instrumented.map((event) => event.type)).toEqual(plain.map((event) => event.type));
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    const start = instrumented[0];
    const delta = instrumented.find((event) => event.type === 'message_delta') as {
      usage: { output_tokens: number };
    };
    expect(delta.usage.output_tokens).toBeGreaterThan(1);
    expect(span?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': start?.message?.id,
      'gen_ai.response.model': CLAUDE_CHECKPOINT,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': start?.message?.usage.input_tokens,
      'gen_ai.usage.output_tokens': delta.usage.output_tokens,
    });
    const firstChunk = span?.attributes['gen_ai.response.time_to_first_chunk'] as number;
    const duration = (span?.duration[0] ?? 0) + (span?.duration[1] ?? 0) / 1e9;
    expect(firstChunk).toBeGreaterThan(0);
    expect(firstChunk).toBeLessThanOrEqual(duration);
  });

  it('should record a streamed tool call with thinking', async () => {
    const events = await collect(
      await bed.client.messages.create({
        ...REQUEST,
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { id: { type: 'string' } } } }],
      }),
    );
    const deltaTypes = events.flatMap((event) => (event as { delta?: { type?: string } }).delta?.type ?? []);
    expect(new Set(deltaTypes)).toEqual(
      new Set(['thinking_delta', 'signature_delta', 'text_delta', 'input_json_delta']),
    );
    const [span] = bed.telemetry.spans();
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
    expect(span?.attributes['gen_ai.usage.reasoning.output_tokens']).toBeGreaterThan(0);
  });

  it('should trace messages.stream() once and keep the helper whole: events, finalMessage, finalText', async () => {
    const stream = bed.client.messages.stream({ model: CLAUDE_MODEL, max_tokens: 512, messages: REQUEST.messages });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const message = await stream.finalMessage();
    expect(await stream.finalText()).toBe(text);
    expect(message.content).toEqual([{ type: 'text', text }]);
    const spans = bed.telemetry.spans();
    expect(spans.map((span) => span.name)).toEqual(['chat claude-haiku-4-5']);
    expect(spans[0]?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': message.id,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.output_tokens': message.usage.output_tokens,
    });
  });

  it('should end the span once, without error, when the app breaks out early', async () => {
    const stream = await bed.client.messages.create(REQUEST);
    for await (const _event of stream) break;
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans[0]?.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    expect(spans[0]?.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
  });

  it('should mark a stream aborted through its controller, or through MessageStream.abort()', async () => {
    const stream = await bed.client.messages.create(REQUEST);
    const seen: unknown[] = [];
    for await (const event of stream) {
      seen.push(event);
      stream.controller.abort();
    }
    expect(seen.length).toBeGreaterThanOrEqual(1);

    const helper = bed.client.messages.stream({ model: CLAUDE_MODEL, max_tokens: 512, messages: REQUEST.messages });
    helper.on('streamEvent', () => helper.abort());
    const error = await helper.finalMessage().catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('APIUserAbortError');

    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(2);
    expect(spans.map((span) => span.attributes['error.type'])).toEqual(['APIUserAbortError', 'APIUserAbortError']);
  });

  it('should end the span with an error and rethrow when the stream is cut before message_delta', async () => {
    const { events, error } = await drain(
      await bed.client.messages.create(REQUEST, { headers: { 'x-mock-fault': 'stream_cut' } }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(events[0]?.type).toBe('message_start');
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe((error as Error).constructor.name);
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
  });

  it('should record an overloaded error event in the middle of a stream as overloaded_error', async () => {
    const { error } = await drain(
      await bed.client.messages.create(REQUEST, { headers: { 'x-mock-fault': 'stream_error' } }),
    );
    expect((error as { type?: string }).type).toBe('overloaded_error');
    const [span] = bed.telemetry.spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe('overloaded_error');
  });

  it('should keep tee() and toReadableStream() working, one span each', async () => {
    const [left, right] = (await bed.client.messages.create(REQUEST)).tee();
    const [leftEvents, rightEvents] = await Promise.all([collect(left), collect(right)]);
    expect(leftEvents.length).toBeGreaterThan(5);
    expect(rightEvents).toEqual(leftEvents);

    const readable = (await bed.client.messages.create(REQUEST)).toReadableStream();
    const lines = (await new Response(readable).text()).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as StreamEvent).type).at(-1)).toBe('message_stop');
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(2);
    expect(spans.map((span) => span.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['end_turn'],
      ['end_turn'],
    ]);
  });

  it('should record time to first chunk as a metric for streams only', async () => {
    await collect(await bed.client.messages.create(REQUEST));
    await bed.client.messages.create({ ...REQUEST, stream: false });
    const points = await bed.telemetry.histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(points.reduce((count, point) => count + point.count, 0)).toBe(1);
    expect(points[0]?.attributes['gen_ai.provider.name']).toBe('anthropic');
  });
});
