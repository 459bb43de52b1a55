import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

describe.each(OPENAI_VERSIONS)('$label chat completions', (openAIVersion) => {
  const bed = useOpenAITestbed(openAIVersion);

  it('should record a chat span with the whole attribute map of the conventions', async () => {
    const completion = await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Qualify the lead from Acme' }],
      max_completion_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
      stop: 'END',
    });

    const [span] = bed.telemetry.spans();
    expect(bed.telemetry.spans()).toHaveLength(1);
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(completion.model).toMatch(/^gpt-4o-mini-\d{4}-\d{2}-\d{2}$/);
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
      'server.port': bed.server.port,
      'openai.api.type': 'chat_completions',
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': completion.model,
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.system_fingerprint': completion.system_fingerprint,
      'openai.response.service_tier': completion.service_tier,
      'gen_ai.usage.input_tokens': completion.usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': completion.usage?.prompt_tokens_details?.cached_tokens,
      'gen_ai.usage.reasoning.output_tokens': completion.usage?.completion_tokens_details?.reasoning_tokens,
    });
  });

  it('should return the same values with and without instrumentation', async () => {
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Same answer?' }] };
    const instrumented = await bed.client.chat.completions.create(request);
    bed.telemetry.instrumentation.disable();
    const plain = await bed.client.chat.completions.create(request);
    bed.telemetry.instrumentation.enable();
    expect({ ...instrumented, id: '', created: 0 }).toEqual({ ...plain, id: '', created: 0 });
    expect(bed.telemetry.spans()).toHaveLength(1);
  });

  it('should keep the SDK promise helpers: withResponse, asResponse and _request_id', async () => {
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hello' }] };
    const promise = bed.client.chat.completions.create(request);
    expect(promise.constructor.name).toBe('APIPromise');
    const { data, response, request_id } = await promise.withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toBe(response.headers.get('x-request-id'));
    expect(data.choices[0]?.message.role).toBe('assistant');

    const raw = await bed.client.chat.completions.create(request).asResponse();
    const body = (await raw.json()) as { id: string };
    expect(body.id).toMatch(/^chatcmpl-/);
    expect(bed.telemetry.spans()).toHaveLength(2);
    expect(bed.telemetry.spans()[1]?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('should trace the parse() helper once, with the parsed result intact', async () => {
    const completion = await bed.client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Return the lead as JSON' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'lead',
          strict: true,
          schema: {
            type: 'object',
            properties: { company: { type: 'string' }, score: { type: 'number' } },
            required: ['company', 'score'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(completion.choices[0]?.message.parsed).toEqual(expect.objectContaining({ company: expect.any(String) }));
    const spans = bed.telemetry.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes['gen_ai.output.type']).toBe('json');
    expect(spans[0]?.attributes['gen_ai.usage.output_tokens']).toBe(completion.usage?.completion_tokens);
  });

  it('should record tool calls as finish reason tool_calls', async () => {
    const completion = await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Look up acme.com' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup_company',
            parameters: { type: 'object', properties: { domain: { type: 'string' } }, required: ['domain'] },
          },
        },
      ],
    });
    expect(completion.choices[0]?.message.tool_calls?.[0]?.type).toBe('function');
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
  });

  it.each([
    ['rate_limit', '429', 'RateLimitError'],
    ['server_error', '500', 'InternalServerError'],
    ['bad_request', '400', 'BadRequestError'],
  ])('should pass a %s error through unchanged and record error.type %s', async (fault, errorType, className) => {
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'fail please' }] };
    const options = { headers: { 'x-mock-fault': fault } };
    const instrumentedError = await bed.client.chat.completions
      .create(request, options)
      .catch((error: unknown) => error);
    bed.telemetry.instrumentation.disable();
    const plainError = await bed.client.chat.completions.create(request, options).catch((error: unknown) => error);
    bed.telemetry.instrumentation.enable();

    expect((instrumentedError as Error).constructor.name).toBe(className);
    expect((instrumentedError as Error).constructor).toBe((plainError as Error).constructor);
    expect((instrumentedError as Error).message).toBe((plainError as Error).message);
    const [span] = bed.telemetry.spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe(errorType);
    const durations = await bed.telemetry.histogram('gen_ai.client.operation.duration');
    expect(durations.find((point) => point.attributes['error.type'] === errorType)?.count).toBe(1);
  });

  it('should record a client timeout as APIConnectionTimeoutError', async () => {
    const error = await bed.client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hang' }] },
        { headers: { 'x-mock-fault': 'hang' }, timeout: 300 },
      )
      .catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('APIConnectionTimeoutError');
    expect(bed.telemetry.spans()[0]?.attributes['error.type']).toBe('APIConnectionTimeoutError');
  });

  it('should end the span with an error when the body is malformed JSON, and rethrow the same error', async () => {
    const error = await bed.client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'broken' }] },
        { headers: { 'x-mock-fault': 'malformed_json' } },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const [span] = bed.telemetry.spans();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe((error as Error).constructor.name);
  });

  it('should leave usage unknown, not zero, when the provider omits it', async () => {
    await bed.client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'no usage' }] },
      { headers: { 'x-mock-fault': 'missing_usage' } },
    );
    const [span] = bed.telemetry.spans();
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
    expect(await bed.telemetry.histogram('gen_ai.client.token.usage')).toEqual([]);
  });

  it('should give each of 20 concurrent calls its own span under the right parent', async () => {
    const tracer = trace.getTracer('app');
    const parents = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        tracer.startActiveSpan(`run ${index}`, async (parent) => {
          await bed.client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `lead ${index}` }],
          });
          parent.end();
          return parent.spanContext().spanId;
        }),
      ),
    );
    const chats = bed.telemetry.spans().filter((span) => span.name === 'chat gpt-4o-mini');
    expect(chats).toHaveLength(20);
    expect(new Set(chats.map((span) => span.spanContext().spanId)).size).toBe(20);
    expect(new Set(chats.map((span) => span.parentSpanContext?.spanId))).toEqual(new Set(parents));
  });

  it('should record token usage metrics that add up to the usage the server reported', async () => {
    for (let index = 0; index < 5; index++) {
      await bed.client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `count tokens ${'x'.repeat(index * 40)}` }],
      });
    }
    const { totals } = bed.server.stats();
    const points = await bed.telemetry.histogram('gen_ai.client.token.usage');
    const sumOf = (type: string) =>
      points.filter((point) => point.attributes['gen_ai.token.type'] === type).reduce((sum, p) => sum + p.sum, 0);
    expect(sumOf('input')).toBe(totals.inputTokens);
    expect(sumOf('output')).toBe(totals.outputTokens);
    const input = points.find((point) => point.attributes['gen_ai.token.type'] === 'input');
    expect(input?.boundaries).toEqual([
      1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
    ]);
    expect(input?.attributes).toEqual(
      expect.objectContaining({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': expect.stringMatching(/^gpt-4o-mini-/),
        'server.address': '127.0.0.1',
        'server.port': bed.server.port,
      }),
    );
  });

  it('should capture no content by default', async () => {
    await bed.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You qualify leads.' },
        { role: 'user', content: 'secret prompt text' },
      ],
    });
    const attributes = bed.telemetry.spans()[0]?.attributes ?? {};
    expect(Object.keys(attributes).filter((key) => /messages|instructions|definitions/.test(key))).toEqual([]);
    expect(JSON.stringify(attributes)).not.toContain('secret prompt text');
  });
});
