import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

describe.each(OPENAI_VERSIONS)('$label responses and embeddings', (openAIVersion) => {
  const bed = useOpenAITestbed(openAIVersion);

  it('should record responses.create with the whole attribute map', async () => {
    const response = await bed.client.responses.create({
      model: 'gpt-4o-mini',
      instructions: 'You qualify leads.',
      input: 'Is Acme a good lead?',
      max_output_tokens: 200,
      temperature: 0.5,
    });
    expect(response.output_text).toBeTruthy();
    const [span] = bed.telemetry.spans();
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
      'server.port': bed.server.port,
      'openai.api.type': 'responses',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.response.id': response.id,
      'gen_ai.response.model': response.model,
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': response.service_tier ?? undefined,
      'gen_ai.usage.input_tokens': response.usage?.input_tokens,
      'gen_ai.usage.output_tokens': response.usage?.output_tokens,
      'gen_ai.usage.cache_read.input_tokens': response.usage?.input_tokens_details.cached_tokens,
      'gen_ai.usage.reasoning.output_tokens': response.usage?.output_tokens_details.reasoning_tokens,
    });
  });

  it('should record a streamed response from its final event, events untouched', async () => {
    const stream = await bed.client.responses.create({ model: 'gpt-4o-mini', input: 'stream it', stream: true });
    const types: string[] = [];
    let completed: { id: string; usage?: { input_tokens: number } | null } | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    const [span] = bed.telemetry.spans();
    expect(span?.attributes['gen_ai.response.id']).toBe(completed?.id);
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(completed?.usage?.input_tokens);
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.request.stream']).toBe(true);
  });

  it('should trace the responses.stream() helper once and keep its final response', async () => {
    const runner = bed.client.responses.stream({ model: 'gpt-4o-mini', input: 'helper' });
    const final = await runner.finalResponse();
    expect(final.output_text).toBeTruthy();
    expect(bed.telemetry.spans()).toHaveLength(1);
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.response.id']).toBe(final.id);
  });

  it('should record function calls in responses as finish reason tool_calls', async () => {
    const response = await bed.client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Look up acme.com',
      tools: [
        {
          type: 'function',
          name: 'lookup_company',
          strict: false,
          parameters: { type: 'object', properties: { domain: { type: 'string' } } },
        },
      ],
    });
    expect(response.output.some((item) => item.type === 'function_call')).toBe(true);
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
  });

  it.each([
    ['the SDK default (base64)', undefined],
    ['float', 'float' as const],
  ])('should record embeddings with %s encoding', async (_label, encodingFormat) => {
    const result = await bed.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['Acme Corp', 'Globex'],
      ...(encodingFormat === undefined ? {} : { encoding_format: encodingFormat }),
    });
    const dimensions = result.data[0]?.embedding.length;
    expect(dimensions).toBeGreaterThan(0);
    const [span] = bed.telemetry.spans();
    expect(span?.name).toBe('embeddings text-embedding-3-small');
    expect(span?.attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'server.address': '127.0.0.1',
      'server.port': bed.server.port,
      ...(encodingFormat === undefined ? {} : { 'gen_ai.request.encoding_formats': [encodingFormat] }),
      'gen_ai.response.model': result.model,
      'gen_ai.usage.input_tokens': result.usage.prompt_tokens,
      'gen_ai.embeddings.dimension.count': dimensions,
    });
    const tokens = await bed.telemetry.histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => point.attributes['gen_ai.token.type'])).toEqual(['input']);
  });
});
