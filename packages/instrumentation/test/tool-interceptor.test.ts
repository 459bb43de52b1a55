import { instrumentAISDK, instrumentMCP, tool, traceAgent, traceTool } from '@driftwatch/instrumentation';
import { setToolInterceptor, type ToolInvocation } from '@driftwatch/instrumentation/internal/tool-interceptor';
import * as mcpClient from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as aiV6 from 'ai-v6';
import { MockLanguageModelV3 } from 'ai-v6/test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryTelemetry } from './helpers/in-memory-telemetry';

describe('the internal tool interceptor (fault injection for @driftwatch/agent-test)', () => {
  let telemetry: InMemoryTelemetry;

  beforeAll(() => {
    telemetry = new InMemoryTelemetry();
  });
  afterEach(async () => {
    setToolInterceptor(undefined);
    await telemetry.reset();
  });
  afterAll(async () => {
    await telemetry.shutdown();
  });

  const lookUp = tool({ name: 'lookup_company' }, async (domain: string) => ({ domain, employees: 120 }));

  it('should change nothing while no interceptor is set', async () => {
    expect(await lookUp('acme.test')).toEqual({ domain: 'acme.test', employees: 120 });
    const [span] = telemetry.spans();
    expect(span?.attributes['error.type']).toBeUndefined();
  });

  it('should let an interceptor fail a tool with no change to its code, classified like a real failure', async () => {
    const seen: ToolInvocation[] = [];
    let ran = false;
    setToolInterceptor((invocation) => {
      seen.push(invocation);
      return Promise.reject(Object.assign(new Error('injected HTTP 500'), { status: 500 }));
    });
    const failing = tool({ name: 'update_crm' }, async (id: string, status: string) => {
      ran = true;
      return { id, status };
    });

    await expect(traceAgent({ name: 'agent' }, () => failing('L-1', 'qualified'))).rejects.toThrow('injected');
    expect(ran).toBe(false);
    expect(seen).toEqual([{ name: 'update_crm', type: 'function', arguments: ['L-1', 'qualified'] }]);
    const toolSpan = telemetry.spans().find((span) => span.name === 'execute_tool update_crm');
    expect(toolSpan?.attributes['error.type']).toBe('500');
    const points = await telemetry.counter('driftwatch.tool.calls');
    expect(points.map((point) => point.attributes['error.type'])).toEqual(['500']);
  });

  it('should classify an injected timeout and rate limit as timeout and rate_limited', async () => {
    const faults = [
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      Object.assign(new Error('Too Many Requests'), { status: 429, headers: { 'retry-after': '1' } }),
    ];
    for (const fault of faults) {
      setToolInterceptor(() => Promise.reject(fault));
      await expect(lookUp('acme.test')).rejects.toBe(fault);
    }
    expect(telemetry.spans().map((span) => span.attributes['error.type'])).toEqual(['timeout', 'rate_limited']);
  });

  it('should let an interceptor run the tool and change its result, for traceTool as for tool()', async () => {
    setToolInterceptor(async (_invocation, proceed) => {
      const result = (await proceed()) as Record<string, unknown>;
      return { ...result, employees: 'many' };
    });
    const direct = await traceTool({ name: 'lookup_company', arguments: { domain: 'x' } }, async () => ({
      employees: 3,
    }));
    expect(direct).toEqual({ employees: 'many' });
    expect(await lookUp('acme.test')).toEqual({ domain: 'acme.test', employees: 'many' });
  });

  it('should let an interceptor fail an MCP callTool without touching the server, classified like a real failure', async () => {
    expect(instrumentMCP(mcpClient)).toBe(true);
    const server = new McpServer({ name: 'orders', version: '1.0.0' });
    let served = 0;
    server.registerTool('lookup_order', { inputSchema: { id: z.string() } }, async ({ id }) => {
      served += 1;
      return { content: [{ type: 'text' as const, text: `order ${id}` }] };
    });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    const client = new mcpClient.Client({ name: 'agent', version: '1.0.0' });
    await client.connect(clientTransport);
    const seen: ToolInvocation[] = [];
    setToolInterceptor((invocation) => {
      seen.push(invocation);
      return Promise.reject(Object.assign(new Error('Too Many Requests'), { status: 429 }));
    });

    await expect(client.callTool({ name: 'lookup_order', arguments: { id: 'A-1' } })).rejects.toThrow('Too Many');
    setToolInterceptor(undefined);
    expect(await client.callTool({ name: 'lookup_order', arguments: { id: 'A-2' } })).toMatchObject({
      content: [{ type: 'text', text: 'order A-2' }],
    });
    expect(served).toBe(1);
    expect(seen).toEqual([{ name: 'lookup_order', type: 'extension', arguments: { id: 'A-1' } }]);
    const calls = telemetry.spans().filter((span) => span.name === 'execute_tool lookup_order');
    expect(calls.map((span) => span.attributes['error.type'])).toEqual(['rate_limited', undefined]);
    await client.close();
    await server.close();
  });

  /** An AI SDK 6 model that asks for `get_weather` once, then answers with the tool result it was given. */
  function weatherModel(seenToolResults: unknown[]) {
    const usage = {
      inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 5, text: 5, reasoning: undefined },
    };
    let step = 0;
    return new MockLanguageModelV3({
      doGenerate: async ({ prompt }) => {
        step += 1;
        if (step === 1) {
          return {
            content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'get_weather', input: '{"city":"Paris"}' }],
            finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
            usage,
            warnings: [],
          };
        }
        for (const message of prompt) {
          if (message.role === 'tool') seenToolResults.push(...message.content);
        }
        return {
          content: [{ type: 'text', text: 'done' }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage,
          warnings: [],
        };
      },
    });
  }

  it('should let an interceptor fail an AI SDK 6 tool without running it, the app’s tool objects unchanged', async () => {
    const { generateText, stepCountIs, tool: aiTool } = instrumentAISDK(aiV6);
    let ran = 0;
    const getWeather = aiTool({
      description: 'The weather of a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }: { city: string }) => {
        ran += 1;
        return { city, sky: 'sunny' };
      },
    });
    const tools = { get_weather: getWeather };
    const seen: ToolInvocation[] = [];
    setToolInterceptor((invocation) => {
      seen.push(invocation);
      return Promise.reject(Object.assign(new Error('injected HTTP 503'), { status: 503 }));
    });
    const toolResults: unknown[] = [];
    const result = await generateText({
      model: weatherModel(toolResults),
      tools,
      stopWhen: stepCountIs(3),
      prompt: 'Paris?',
    });

    expect(result.text).toBe('done');
    expect(ran).toBe(0);
    expect(tools.get_weather).toBe(getWeather);
    expect(seen).toEqual([{ name: 'get_weather', type: 'function', arguments: { city: 'Paris' } }]);
    // The model was told the tool failed, as for a real failure.
    expect(JSON.stringify(toolResults)).toContain('injected HTTP 503');
    const toolSpan = telemetry.spans().find((span) => span.name === 'execute_tool get_weather');
    expect(toolSpan?.attributes['error.type']).toBe('503');

    setToolInterceptor(undefined);
    const again: unknown[] = [];
    await generateText({ model: weatherModel(again), tools, stopWhen: stepCountIs(3), prompt: 'Paris?' });
    expect(ran).toBe(1);
    expect(JSON.stringify(again)).toContain('sunny');
  });
});
