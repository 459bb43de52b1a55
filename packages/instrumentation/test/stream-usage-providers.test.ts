import { type MockLlmServer, startMockLlmServer, type UnknownFieldStyle } from '@driftwatch/testkit';
import { AzureOpenAI as AzureOpenAI7 } from 'openai';
import { AzureOpenAI as AzureOpenAI6 } from 'openai-v6';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientAcceptsStreamUsage } from '../src/openai/stream-usage-support';
import { InMemoryTelemetry } from './helpers/in-memory-telemetry';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

const REQUEST = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Summarise the lead scoring rules' }],
};

/** What the app gets from one call: the value (chunks for a stream, without ids and timestamps) or the error. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = await call();
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
      const chunks: unknown[] = [];
      for await (const chunk of result as AsyncIterable<Record<string, unknown>>) {
        chunks.push({ ...chunk, id: '', created: 0 });
      }
      return { chunks };
    }
    return { value: { ...(result as Record<string, unknown>), id: '', created: 0 } };
  } catch (error) {
    const { status, message } = error as { status?: number; message: string };
    return { error: { type: (error as object).constructor.name, status, message } };
  }
}

const AZURE_CLIENTS: Readonly<Record<string, typeof AzureOpenAI7>> = {
  'openai 7': AzureOpenAI7,
  'openai 6': AzureOpenAI6 as unknown as typeof AzureOpenAI7,
};

describe.each(OPENAI_VERSIONS)('$label against providers that reject unknown request fields', (openAI) => {
  const servers = new Map<UnknownFieldStyle | 'lenient', MockLlmServer>();
  let telemetry: InMemoryTelemetry;

  beforeAll(async () => {
    for (const style of ['azure', 'mistral'] as const) {
      servers.set(style, await startMockLlmServer({ rejectUnknownFields: style }));
    }
    servers.set('lenient', await startMockLlmServer());
    telemetry = new InMemoryTelemetry();
    if (!telemetry.instrumentation.patch(openAI.OpenAI, openAI.version)) throw new Error('could not patch');
  });
  afterEach(async () => {
    telemetry.instrumentation.enable();
    telemetry.instrumentation.setConfig({});
    await telemetry.reset();
    for (const server of servers.values()) server.reset();
  });
  afterAll(async () => {
    await telemetry.shutdown();
    for (const server of servers.values()) await server.close();
  });

  const calls = [
    { label: 'a streamed call', body: { ...REQUEST, stream: true } },
    { label: 'a call', body: REQUEST },
    {
      label: 'a streamed call that asks for usage',
      body: { ...REQUEST, stream: true, stream_options: { include_usage: true } },
    },
  ];

  describe.each(['azure', 'mistral'] as const)('%s style', (style) => {
    it.each(calls)('should give the app exactly what it gets without Driftwatch for $label', async ({ body }) => {
      const server = servers.get(style) as MockLlmServer;
      const client = new openAI.OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
      const call = () => client.chat.completions.create(body as never);

      telemetry.instrumentation.disable();
      const without = await outcome(call);
      telemetry.instrumentation.enable();
      const withDriftwatch = await outcome(call);

      expect(withDriftwatch).toEqual(without);
      expect(server.requests.map((request) => request.body)).toEqual([body, body]);
      expect(telemetry.spans()).toHaveLength(1);
    });
  });

  it('should show why: with DRIFTWATCH_STREAM_USAGE=always a stream fails there, a plain call still never carries the field', async () => {
    const server = servers.get('azure') as MockLlmServer;
    const client = new openAI.OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    telemetry.instrumentation.setConfig({ streamUsage: 'always' });
    // Never on a call that does not stream, whatever the setting.
    const plain = (await outcome(() => client.chat.completions.create(REQUEST))) as { value?: unknown };
    expect(plain.value).toBeDefined();
    expect(server.requests[0]?.body).toEqual(REQUEST);
    expect(await outcome(() => client.chat.completions.create({ ...REQUEST, stream: true }))).toEqual({
      error: {
        type: 'BadRequestError',
        status: 400,
        message: '400 Unrecognized request argument supplied: stream_options',
      },
    });
  });

  it('should record a stream that ends without usage without token counts, and count it', async () => {
    const server = servers.get('mistral') as MockLlmServer;
    const client = new openAI.OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    for await (const _chunk of await client.chat.completions.create({ ...REQUEST, stream: true })) {
      // Read to the end.
    }
    const [span] = telemetry.spans();
    expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span?.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(span?.attributes).not.toHaveProperty('gen_ai.usage.output_tokens');
    const [tokenUsage, dropped] = await telemetry.counters('gen_ai.client.token.usage', 'driftwatch.telemetry.dropped');
    expect(tokenUsage).toEqual([]);
    expect(dropped).toEqual([
      {
        attributes: { 'driftwatch.component': 'openai.chat.stream', 'driftwatch.drop.reason': 'usage_missing' },
        value: 1,
      },
    ]);
  });
  describe('AzureOpenAI client', () => {
    const azure = (server: MockLlmServer, apiVersion: string) =>
      new (AZURE_CLIENTS[openAI.label] as typeof AzureOpenAI7)({
        apiKey: 'azure-key',
        endpoint: server.anthropicUrl,
        apiVersion,
        deployment: 'gpt-4o-mini',
        maxRetries: 0,
      });

    it.each(['2024-06-01', '2024-08-01-preview', '2024-02-15-preview'])(
      'should stream without asking for usage at api-version %s, which rejects it',
      async (apiVersion) => {
        const strict = servers.get('azure') as MockLlmServer;
        const stream = await azure(strict, apiVersion).chat.completions.create({ ...REQUEST, stream: true });
        let chunks = 0;
        for await (const _chunk of stream) chunks++;
        expect(chunks).toBeGreaterThan(1);
        expect(strict.requests[0]?.body).not.toHaveProperty('stream_options');
        expect(strict.requests[0]?.path).toBe('/openai/deployments/gpt-4o-mini/chat/completions');
      },
    );

    it.each(['2024-10-21', '2024-09-01-preview', '2025-04-01-preview'])(
      'should ask for usage at api-version %s, record it and hide the usage chunk',
      async (apiVersion) => {
        const lenient = servers.get('lenient') as MockLlmServer;
        const stream = await azure(lenient, apiVersion).chat.completions.create({ ...REQUEST, stream: true });
        const chunks: Array<Record<string, unknown>> = [];
        for await (const chunk of stream) chunks.push(chunk as unknown as Record<string, unknown>);
        expect(lenient.requests[0]?.body).toEqual(expect.objectContaining({ stream_options: { include_usage: true } }));
        expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
        const { totals } = lenient.stats();
        expect(totals.inputTokens).toBeGreaterThan(0);
        expect(telemetry.spans()[0]?.attributes['gen_ai.usage.input_tokens']).toBe(totals.inputTokens);
      },
    );
  });
});

describe('which endpoints are known to accept stream usage', () => {
  const [{ OpenAI }] = OPENAI_VERSIONS as [(typeof OPENAI_VERSIONS)[number]];
  it.each([
    [undefined, true],
    ['https://api.openai.com/v1', true],
    ['https://eu.api.openai.com/v1', true],
    ['https://my-resource.openai.azure.com/openai/v1/', true],
    ['https://my-resource.openai.azure.com/openai/deployments/gpt-4o', false],
    ['https://api.mistral.ai/v1', false],
    ['https://api.groq.com/openai/v1', false],
    ['http://localhost:8000/v1', false],
    ['https://api.openai.com.example.net/v1', false],
  ])('%s: %s', (baseURL, expected) => {
    const client = new OpenAI({ apiKey: 'sk-test', ...(baseURL === undefined ? {} : { baseURL }) });
    expect(clientAcceptsStreamUsage(client)).toBe(expected);
  });

  it('should follow the api-version of an OpenAI client pointed at an Azure resource', () => {
    const at = (version: string) =>
      new OpenAI({
        apiKey: 'k',
        baseURL: 'https://r.openai.azure.com/openai/deployments/gpt-4o',
        defaultQuery: { 'api-version': version },
      });
    expect(clientAcceptsStreamUsage(at('2024-06-01'))).toBe(false);
    expect(clientAcceptsStreamUsage(at('2024-10-21'))).toBe(true);
  });
});
