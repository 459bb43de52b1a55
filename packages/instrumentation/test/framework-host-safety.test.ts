import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@driftwatch/instrumentation';
import { type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { context, type TracerProvider, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  TracerProvider as SdkTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { explodingSpan, providerOf } from './helpers/broken-tracers';
import { AISDKInstrumentation, MCPInstrumentation, OpenAIAgentsInstrumentation } from './helpers/framework-internals';

const load = createRequire(__filename);
const agents = load('@openai/agents') as typeof import('@openai/agents');
const mcpClient = load('@modelcontextprotocol/sdk/client/index.js');
const mcpServer = load('@modelcontextprotocol/sdk/server/mcp.js');
const { InMemoryTransport } = load('@modelcontextprotocol/sdk/inMemory.js');

/** Spans that throw from every method, and a provider that cannot even make a tracer. */
const explodingProvider = providerOf({
  startSpan: () => explodingSpan(),
  startActiveSpan: (...args: unknown[]) => (args.at(-1) as (span: unknown) => unknown)(explodingSpan()),
});
const throwingProvider = {
  getTracer() {
    throw new Error('tracer provider broken');
  },
} as unknown as TracerProvider;

const VOLATILE = new Set(['timestamp', 'performance', 'headers', 'id', 'messageId', 'responseId']);
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value instanceof Date) return 'date';
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !VOLATILE.has(key))
      .map(([key, item]) => [key, stable(item)]),
  );
}

describe('framework bridges never change what the app sees, even with a broken tracing pipeline', () => {
  let llm: MockLlmServer;
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const openai = new OpenAIInstrumentation({ enabled: false });
  const agentsInstrumentation = new OpenAIAgentsInstrumentation({ enabled: false });
  const aiInstrumentation = new AISDKInstrumentation({ enabled: false });
  const mcpInstrumentation = new MCPInstrumentation({ enabled: false });
  const all = [openai, agentsInstrumentation, aiInstrumentation, mcpInstrumentation];

  /** One run of each framework: an agent with tools, a tool loop and a stream, MCP tool calls (in memory). */
  async function workload(): Promise<unknown[]> {
    llm.reset();
    const { generateText, stepCountIs, streamText, tool } = await import('ai');
    const { createOpenAI } = await import('@ai-sdk/openai');
    const seen: unknown[] = [];
    const city = z.object({ city: z.string() });
    const weatherAgent = new agents.Agent({
      name: 'weather-agent',
      model: 'gpt-4o-mini',
      tools: [
        agents.tool({ name: 'get_weather', parameters: city, execute: async (input) => `sunny in ${input.city}` }),
      ],
    });
    const brokenAgent = new agents.Agent({
      name: 'broken-agent',
      model: 'gpt-4o-mini',
      tools: [
        agents.tool({
          name: 'broken',
          parameters: city,
          execute: async () => {
            throw new TypeError('exploded');
          },
        }),
      ],
    });
    seen.push((await agents.run(weatherAgent, 'Weather in Paris?')).finalOutput);
    seen.push((await agents.run(brokenAgent, 'Weather in Oslo?')).finalOutput);
    const streamedRun = await agents.run(weatherAgent, 'Weather in Rome?', { stream: true });
    let text = '';
    for await (const chunk of streamedRun.toTextStream()) text += chunk;
    seen.push(text);

    const provider = createOpenAI({ apiKey: 'sk-test', baseURL: llm.url });
    const tools = {
      get_weather: tool({ inputSchema: city, execute: async (input) => ({ sky: 'sunny', city: input.city }) }),
    };
    const generated = await generateText({
      model: provider.chat('gpt-4o-mini'),
      prompt: 'Weather?',
      tools,
      stopWhen: stepCountIs(3),
    });
    seen.push(stable([generated.text, generated.steps.map((step) => step.content)]));
    const streamed = streamText({
      model: provider('gpt-4o-mini'),
      prompt: 'Weather?',
      tools,
      stopWhen: stepCountIs(3),
    });
    const parts: unknown[] = [];
    for await (const part of streamed.fullStream) parts.push(part);
    seen.push(stable(parts));
    const failure = await generateText({
      model: provider.chat('gpt-4o-mini'),
      prompt: 'Fail',
      maxRetries: 0,
      headers: { 'x-mock-fault': 'server_error' },
    }).catch((error: { name: string; statusCode: number }) => [error.name, error.statusCode]);
    seen.push(failure);

    const server = new mcpServer.McpServer({ name: 'memory-server', version: '1.0.0' });
    server.registerTool('echo', { inputSchema: { text: z.string() } }, async ({ text: echoed }: { text: string }) => ({
      content: [{ type: 'text', text: echoed }],
    }));
    server.registerTool('fail', { inputSchema: { text: z.string() } }, async () => {
      throw new Error('nope');
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new mcpClient.Client({ name: 'memory-client', version: '1.0.0' });
    await client.connect(clientTransport);
    seen.push(await client.callTool({ name: 'echo', arguments: { text: 'hello' } }));
    seen.push(await client.callTool({ name: 'fail', arguments: { text: 'hello' } }));
    await client.close();
    return seen;
  }

  let baseline: unknown[];

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager);
    llm = await startMockLlmServer();
    process.env.OPENAI_BASE_URL = llm.url;
    process.env.OPENAI_API_KEY = 'sk-test';
    agents.setTraceProcessors([]);
    expect(openai.patch(load('openai'), load('openai/version').VERSION)).toBe(true);
    expect(agentsInstrumentation.patch(load('@openai/agents-core'))).toBe(true);
    expect(mcpInstrumentation.patchClient(mcpClient)).toBe(true);
    expect(mcpInstrumentation.patchServer(load('@modelcontextprotocol/sdk/server/index.js'))).toBe(true);
    baseline = await workload();
    for (const instrumentation of all) instrumentation.enable();
  });
  afterAll(async () => {
    for (const instrumentation of all) instrumentation.disable();
    trace.disable();
    context.disable();
    await llm.close();
  });

  it('should trace the same workload with a working pipeline (the bridges are on)', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new SdkTracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    trace.setGlobalTracerProvider(provider);
    for (const instrumentation of all) instrumentation.setTracerProvider(provider);
    expect(await workload()).toEqual(baseline);
    const names = new Set(exporter.getFinishedSpans().map((span) => span.name));
    for (const name of [
      'invoke_agent weather-agent',
      'invoke_agent generateText',
      'execute_tool echo',
      'tools/call echo',
    ]) {
      expect(names).toContain(name);
    }
    trace.disable();
  });

  it.each([
    ['every span throws', explodingProvider],
    ['the tracer provider throws', throwingProvider],
  ])('should give the app the same results and errors when %s', async (_label, provider) => {
    trace.setGlobalTracerProvider(provider);
    for (const instrumentation of all) if (provider !== throwingProvider) instrumentation.setTracerProvider(provider);
    expect(await workload()).toEqual(baseline);
    trace.disable();
  });
});
