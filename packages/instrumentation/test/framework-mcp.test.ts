import { join } from 'node:path';
import type { ReceivedSpan } from '@driftwatch/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  appEnvironment,
  childrenOf,
  FIXTURES,
  REGISTER,
  rootSpan,
  runFixture,
  spanTree,
  stableStderr,
  useFrameworkWorld,
} from './helpers/framework-world';

const CLIENT = join(FIXTURES, 'framework-mcp-client.mjs');

describe('MCP: a client and a server in two processes, both started with the one-line register', () => {
  const world = useFrameworkWorld();
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    const baseline = await runFixture({ script: CLIENT, env: appEnvironment(world) });
    world.llm.reset();
    const run = await runFixture({
      script: CLIENT,
      register: true,
      env: { ...appEnvironment(world, 'mcp-client'), MCP_SERVER_NODE_ARGS: REGISTER.join(' ') },
    });
    expect(run.stdout).toBe(baseline.stdout);
    expect(stableStderr(run)).toBe(stableStderr(baseline));
    expect(JSON.parse(run.stdout).map((entry: unknown[]) => entry[0])).toEqual(['lookup', 'failing', 'slow', 'agent']);
    await world.receiver.waitFor((receiver) => {
      const servers = receiver.spans().filter((span) => span.name.startsWith('tools/call'));
      return servers.length >= 3 && receiver.spans().some((span) => span.name === 'invoke_agent orders-agent');
    });
    spans = world.receiver.spans();
  });

  it("should make the server's tool handler a child of the client's call: one trace across the two processes", () => {
    const call = rootSpan(spans, 'execute_tool lookup_order', 'mcp-client');
    expect(spanTree(spans, call)).toEqual([
      'execute_tool lookup_order CLIENT',
      '  tools/call lookup_order SERVER',
      '    chat gpt-4o-mini CLIENT',
    ]);
    const [handler] = childrenOf(spans, call);
    expect(handler?.resource['service.name']).toBe('orders-server');
    expect(call.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.type': 'extension',
      'mcp.method.name': 'tools/call',
      'network.transport': 'pipe',
      'driftwatch.mcp.server.name': 'orders-server',
    });
    expect(handler?.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'jsonrpc.request.id': expect.any(String),
    });
    // The server's LLM call counts in the same usage as everything else.
    const chats = spans.filter((span) => span.name.startsWith('chat '));
    const input = chats.reduce((total, span) => total + Number(span.attributes['gen_ai.usage.input_tokens']), 0);
    expect(chats).toHaveLength(world.llm.stats().calls);
    expect(input).toBe(world.llm.stats().totals.inputTokens);
  });

  it('should classify failures: isError results as tool_error on both sides, a request timeout as timeout', () => {
    const failing = rootSpan(spans, 'execute_tool failing_tool', 'mcp-client');
    expect(spanTree(spans, failing)).toEqual([
      'execute_tool failing_tool CLIENT [tool_error]',
      '  tools/call failing_tool SERVER [tool_error]',
    ]);
    expect(failing.status.code).toBe(2);
    const slow = rootSpan(spans, 'execute_tool slow_tool', 'mcp-client');
    expect(slow.attributes).toMatchObject({ 'error.type': 'timeout', 'rpc.response.status_code': '-32001' });
    expect(slow.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('should trace a client that imports register on its first line the same way', async () => {
    world.receiver.reset();
    const run = await runFixture({
      script: join(FIXTURES, 'framework-mcp-client-first-line.mjs'),
      env: { ...appEnvironment(world, 'mcp-client'), MCP_SERVER_NODE_ARGS: REGISTER.join(' ') },
    });
    expect(JSON.parse(run.stdout)).toHaveLength(4);
    await world.receiver.waitFor((receiver) =>
      receiver.spans().some((span) => span.name === 'tools/call lookup_order' && span.parentSpanId !== ''),
    );
    const received = world.receiver.spans();
    expect(spanTree(received, rootSpan(received, 'execute_tool lookup_order', 'mcp-client'))).toEqual([
      'execute_tool lookup_order CLIENT',
      '  tools/call lookup_order SERVER',
      '    chat gpt-4o-mini CLIENT',
    ]);
  });

  it("should fold an @openai/agents MCP tool call into the agent's execute_tool span (no second span)", () => {
    const agent = rootSpan(spans, 'invoke_agent orders-agent', 'mcp-client');
    expect(spanTree(spans, agent)).toEqual([
      'invoke_agent orders-agent INTERNAL',
      '  chat gpt-4o-mini CLIENT',
      '  execute_tool lookup_order INTERNAL',
      '    tools/call lookup_order SERVER',
      '      chat gpt-4o-mini CLIENT',
      '  chat gpt-4o-mini CLIENT',
    ]);
    const tool = childrenOf(spans, agent).find((span) => span.name === 'execute_tool lookup_order');
    expect(tool?.attributes).toMatchObject({
      'gen_ai.tool.type': 'extension',
      'mcp.method.name': 'tools/call',
      'network.transport': 'pipe',
      'driftwatch.mcp.server.name': 'orders-server',
    });
  });
});
