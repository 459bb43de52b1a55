import { type Context, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, CLAUDE_CHECKPOINT, CLAUDE_MODEL } from './helpers/anthropic-versions';
import { withRun } from './helpers/driftwatch-internals';

const LOOKUP_TOOL = {
  name: 'lookup_company',
  description: 'Company data by domain',
  input_schema: { type: 'object' as const, properties: { domain: { type: 'string' } }, required: ['domain'] },
};
const QUESTION = { role: 'user' as const, content: 'Qualify the lead from Acme' };

describe.each(ANTHROPIC_VERSIONS)('$label messages.create', (anthropicVersion) => {
  const bed = useAnthropicTestbed(anthropicVersion);

  it('should record one chat span with the whole attribute map of the conventions', async () => {
    const message = await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 256,
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      system: 'You qualify leads.',
      messages: [QUESTION],
    });

    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span?.name).toBe('chat claude-haiku-4-5');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.instrumentationScope.name).toBe('@driftwatch/instrumentation');
    expect(message.model).toBe(CLAUDE_CHECKPOINT);
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': CLAUDE_MODEL,
      'server.address': '127.0.0.1',
      'server.port': bed.server.port,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.id': message.id,
      'gen_ai.response.model': CLAUDE_CHECKPOINT,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': message.usage.input_tokens,
      'gen_ai.usage.output_tokens': message.usage.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.cache_creation.input_tokens': 0,
    });
  });

  it('should count cache reads and writes in the input tokens, and record both cache counts', async () => {
    const request = {
      model: CLAUDE_MODEL,
      max_tokens: 64,
      system: [{ type: 'text' as const, text: 'policy '.repeat(700), cache_control: { type: 'ephemeral' as const } }],
      messages: [QUESTION],
    };
    const written = await bed.client.messages.create(request);
    const read = await bed.client.messages.create(request);
    const [writeSpan, readSpan] = bed.telemetry.spans();
    const total = written.usage.input_tokens + (written.usage.cache_creation_input_tokens ?? 0);
    expect(written.usage.cache_creation_input_tokens).toBeGreaterThan(1000);
    expect(writeSpan?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': total,
      'gen_ai.usage.cache_creation.input_tokens': written.usage.cache_creation_input_tokens,
      'gen_ai.usage.cache_read.input_tokens': 0,
    });
    expect(readSpan?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': total,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.usage.cache_read.input_tokens': read.usage.cache_read_input_tokens,
    });
    const points = await bed.telemetry.histogram('gen_ai.client.token.usage');
    const input = points.filter((point) => point.attributes['gen_ai.token.type'] === 'input');
    expect(input.reduce((sum, point) => sum + point.sum, 0)).toBe(bed.server.stats().totals.inputTokens);
    expect(input[0]?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': CLAUDE_MODEL,
      'gen_ai.response.model': CLAUDE_CHECKPOINT,
      'gen_ai.token.type': 'input',
      'server.address': '127.0.0.1',
      'server.port': bed.server.port,
    });
  });

  it('should record tool use and extended thinking', async () => {
    const toolCall = await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 1024,
      tools: [LOOKUP_TOOL],
      messages: [{ role: 'user', content: 'Look up acme.com' }],
    });
    expect(toolCall.content.at(-1)?.type).toBe('tool_use');
    const thought = await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [QUESTION],
    });
    const [toolSpan, thinkingSpan] = bed.telemetry.spans();
    expect(toolSpan?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_use']);
    expect(thinkingSpan?.attributes['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
    expect(thinkingSpan?.attributes['gen_ai.usage.output_tokens']).toBe(thought.usage.output_tokens);
    expect(thinkingSpan?.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(
      (thought.usage as { output_tokens_details?: { thinking_tokens: number } }).output_tokens_details?.thinking_tokens,
    );
    expect(thinkingSpan?.attributes['gen_ai.usage.reasoning.output_tokens']).toBeGreaterThan(0);
  });

  it('should return the same values with and without instrumentation', async () => {
    const request = { model: CLAUDE_MODEL, max_tokens: 64, messages: [QUESTION] };
    const instrumented = await bed.client.messages.create(request);
    bed.instrumentation.disable();
    const plain = await bed.client.messages.create(request);
    bed.instrumentation.enable();
    expect({ ...instrumented, id: '' }).toEqual({ ...plain, id: '' });
    expect(bed.telemetry.spans().map((span) => span.name)).toEqual([
      'chat claude-haiku-4-5',
      'anthropic.messages.create',
    ]);
  });

  it('should keep the SDK promise: APIPromise, withResponse() with request_id, asResponse()', async () => {
    const request = { model: CLAUDE_MODEL, max_tokens: 64, messages: [QUESTION] };
    const promise = bed.client.messages.create(request);
    expect(promise.constructor.name).toBe('APIPromise');
    const { data, response, request_id } = await promise.withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toBe(response.headers.get('request-id'));
    expect(data.content[0]?.type).toBe('text');

    const raw = await bed.client.messages.create(request).asResponse();
    const body = (await raw.json()) as { id: string };
    expect(body.id).toMatch(/^msg_/);
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(2);
    expect(spans[0]?.attributes['gen_ai.response.id']).toBe(data.id);
    expect(spans[1]?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('should trace the parse() helper once and mark a JSON output', async () => {
    const parsed = await bed.client.messages.parse({
      model: CLAUDE_MODEL,
      max_tokens: 256,
      messages: [QUESTION],
      output_config: {
        format: {
          type: 'json_schema',
          schema: { type: 'object', properties: { company: { type: 'string' } }, required: ['company'] },
        },
      },
    } as Parameters<typeof bed.client.messages.parse>[0]);
    expect(JSON.parse((parsed.content[0] as { text: string }).text)).toEqual({ company: 'mock company' });
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes['gen_ai.output.type']).toBe('json');
  });

  it.each([
    ['rate_limit', '429', /^RateLimitError$/],
    // 1.x has OverloadedError for 529; 0.x raises its InternalServerError.
    ['overloaded', '529', /^(OverloadedError|InternalServerError)$/],
    ['server_error', '500', /^InternalServerError$/],
    ['bad_request', '400', /^BadRequestError$/],
  ])('should pass a %s error through unchanged and record error.type %s', async (fault, errorType, className) => {
    const request = { model: CLAUDE_MODEL, max_tokens: 64, messages: [QUESTION] };
    const options = { headers: { 'x-mock-fault': fault } };
    const instrumentedError = await bed.client.messages.create(request, options).catch((error: unknown) => error);
    bed.instrumentation.disable();
    const plainError = await bed.client.messages.create(request, options).catch((error: unknown) => error);
    bed.instrumentation.enable();

    expect((instrumentedError as Error).constructor.name).toMatch(className);
    expect((instrumentedError as Error).constructor).toBe((plainError as Error).constructor);
    expect((instrumentedError as Error).message).toBe((plainError as Error).message);
    const [span] = bed.telemetry.spans().filter((each) => each.name === 'chat claude-haiku-4-5');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe(errorType);
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
    const durations = await bed.telemetry.histogram('gen_ai.client.operation.duration');
    const failed = durations.find((point) => point.attributes['error.type'] === errorType);
    expect(failed?.count).toBe(1);
    expect(failed?.attributes['gen_ai.provider.name']).toBe('anthropic');
  });

  it('should record a client timeout on a hanging server as APIConnectionTimeoutError', async () => {
    const error = await bed.client.messages
      .create(
        { model: CLAUDE_MODEL, max_tokens: 64, messages: [QUESTION] },
        { headers: { 'x-mock-fault': 'hang' }, timeout: 200 },
      )
      .catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('APIConnectionTimeoutError');
    expect(bed.telemetry.spans()[0]?.attributes['error.type']).toBe('APIConnectionTimeoutError');
  });

  it('should leave usage unknown, not zero, when the answer has none', async () => {
    await bed.client.messages.create(
      { model: CLAUDE_MODEL, max_tokens: 64, messages: [QUESTION] },
      { headers: { 'x-mock-fault': 'missing_usage' } },
    );
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    expect(Object.keys(attributes).filter((key) => key.startsWith('gen_ai.usage.'))).toEqual([]);
    expect(await bed.telemetry.histogram('gen_ai.client.token.usage')).toEqual([]);
  });

  it('should give each of 20 concurrent calls its own span under the right parent, as a step of its run', async () => {
    const tracer = trace.getTracer('app');
    const steps: string[] = [];
    const parents = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        tracer.startActiveSpan(`run ${index}`, async (parent) => {
          const run = { noteStep: (kind: string) => steps.push(`${index}:${kind}`) };
          await context.with(withRun(context.active() as Context, run), () =>
            bed.client.messages.create({
              model: CLAUDE_MODEL,
              max_tokens: 32,
              messages: [{ role: 'user', content: `lead ${index}` }],
            }),
          );
          parent.end();
          return parent.spanContext().spanId;
        }),
      ),
    );
    const chats = bed.telemetry.spans().filter((span) => span.name === 'chat claude-haiku-4-5');
    expect(chats).toHaveLength(20);
    expect(new Set(chats.map((span) => span.parentSpanContext?.spanId))).toEqual(new Set(parents));
    expect(steps.sort()).toEqual(Array.from({ length: 20 }, (_, index) => `${index}:llm`).sort());
  });

  it('should capture no content by default', async () => {
    await bed.client.messages.create({
      model: CLAUDE_MODEL,
      max_tokens: 64,
      system: 'secret system prompt',
      tools: [LOOKUP_TOOL],
      messages: [{ role: 'user', content: 'secret prompt text' }],
    });
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    expect(Object.keys(attributes).filter((key) => /messages|instructions|definitions/.test(key))).toEqual([]);
    expect(JSON.stringify(attributes)).not.toMatch(/secret/);
  });
});
