import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the mock LLM server that turns its single tool call into parallel ones: when a request
 * offers two or more tools and the (non-streamed) answer calls the first, the answer also calls the second with the
 * same arguments, as a model that calls tools in parallel does. Usage is the mock's own, untouched.
 */
export interface ToolFanOutProxy {
  /** The base URL to give an OpenAI-compatible client, e.g. `http://127.0.0.1:8788/v1`. */
  readonly url: string;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toolNames(requestBody: Json): string[] {
  const tools = Array.isArray(requestBody.tools) ? (requestBody.tools as Json[]) : [];
  return tools.map((tool) => String((tool.function as Json | undefined)?.name ?? tool.name ?? '')).filter(Boolean);
}

/** Adds a call of `second` beside the answer's call of the first tool (Responses API and Chat Completions). */
function fanOut(answer: Json, second: string): Json {
  if (Array.isArray(answer.output)) {
    const output = answer.output as Json[];
    const call = output.find((item) => item.type === 'function_call');
    if (call === undefined) return answer;
    const parallel = { ...call, id: `${String(call.id)}_2`, call_id: `${String(call.call_id)}_2`, name: second };
    return { ...answer, output: [...output, parallel] };
  }
  const choice = (answer.choices as Json[] | undefined)?.[0];
  const message = choice?.message as Json | undefined;
  const calls = message?.tool_calls as Json[] | undefined;
  const first = calls?.[0];
  if (choice === undefined || message === undefined || first === undefined) return answer;
  const parallel = { ...first, id: `${String(first.id)}_2`, function: { ...(first.function as Json), name: second } };
  return { ...answer, choices: [{ ...choice, message: { ...message, tool_calls: [first, parallel] } }] };
}

export async function startToolFanOutProxy(target: string): Promise<ToolFanOutProxy> {
  const targetUrl = new URL(target);
  const server = createServer(async (request, response) => {
    try {
      const raw = await body(request);
      const requestBody = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Json) : {};
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key)) headers[key] = value;
      }
      const upstream = await fetch(new URL(request.url ?? '/', targetUrl.origin), {
        method: request.method ?? 'GET',
        headers,
        body: raw.length > 0 ? raw : undefined,
      });
      let text = await upstream.text();
      const tools = toolNames(requestBody);
      const second = tools[1];
      if (upstream.ok && requestBody.stream !== true && second !== undefined) {
        text = JSON.stringify(fanOut(JSON.parse(text) as Json, second));
      }
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      response.end(text);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: String(error) }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
