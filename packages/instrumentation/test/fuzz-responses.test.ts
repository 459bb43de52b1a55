import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryTelemetry } from './helpers/in-memory-telemetry';
import { OPENAI_VERSIONS, type OpenAIConstructor } from './helpers/openai-versions';

/**
 * Differential fuzzing: every generated provider answer is sent to the real `openai` SDK twice, once with
 * Driftwatch enabled and once disabled, and the app must see exactly the same thing (value, chunks or error).
 * Driftwatch must also end exactly one span per instrumented call, whatever the answer looked like.
 */

interface Reply {
  status: number;
  contentType: string;
  /** The body, written in these pieces (an SSE line split across packets is a piece boundary inside a line). */
  pieces: Buffer[];
}

let nextReply: Reply = { status: 200, contentType: 'application/json', pieces: [Buffer.from('{}')] };

async function startRawServer(): Promise<Server> {
  const server = createServer(async (request, response) => {
    for await (const _chunk of request) {
      // drain the request body
    }
    const reply = nextReply;
    response.writeHead(reply.status, { 'content-type': reply.contentType });
    for (const piece of reply.pieces) {
      response.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** Leaves that real and broken providers put where numbers, strings and objects belong. */
const odd = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer({ min: -5, max: 1_000_000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
);

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, odd);

const usage = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.record(
    {
      prompt_tokens: maybe(fc.nat({ max: 200_000 })),
      completion_tokens: maybe(fc.nat({ max: 50_000 })),
      total_tokens: maybe(fc.nat()),
      prompt_tokens_details: maybe(fc.record({ cached_tokens: maybe(fc.nat({ max: 1000 })) })),
      completion_tokens_details: maybe(fc.record({ reasoning_tokens: maybe(fc.nat({ max: 1000 })) })),
    },
    { requiredKeys: [] },
  ),
  odd,
);

const toolCall = fc.record(
  {
    index: maybe(fc.nat({ max: 3 })),
    id: maybe(fc.string({ maxLength: 12 })),
    type: maybe(fc.constant('function')),
    function: maybe(
      fc.record(
        { name: maybe(fc.string({ maxLength: 10 })), arguments: maybe(fc.string({ maxLength: 40 })) },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const message = fc.record(
  {
    role: maybe(fc.constantFrom('assistant', 'user', 'tool')),
    content: maybe(fc.string({ unit: 'grapheme', maxLength: 60 })),
    refusal: maybe(fc.string({ maxLength: 20 })),
    tool_calls: maybe(fc.array(maybe(toolCall), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

const choice = fc.record(
  {
    index: maybe(fc.nat({ max: 3 })),
    finish_reason: maybe(fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter', 'weird')),
    message: maybe(message),
    delta: maybe(message),
  },
  { requiredKeys: [] },
);

const completionBody = fc.record(
  {
    id: maybe(fc.string({ maxLength: 20 })),
    object: maybe(fc.constantFrom('chat.completion', 'chat.completion.chunk')),
    created: maybe(fc.nat()),
    model: maybe(fc.string({ maxLength: 30 })),
    system_fingerprint: maybe(fc.string({ maxLength: 16 })),
    service_tier: maybe(fc.constantFrom('default', 'flex')),
    choices: fc.oneof(fc.array(maybe(choice), { maxLength: 3 }), odd),
    usage,
    extra: odd,
  },
  { requiredKeys: [] },
);

/** A whole answer: JSON (maybe not JSON, maybe an error status), or an SSE stream (maybe cut, maybe split). */
const plainReply = fc.oneof(
  { weight: 6, arbitrary: completionBody.map((body) => JSON.stringify(body) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constant('{"choices": [{"message": {"content": "cut') },
);

const sseReply = fc.record({
  chunks: fc.array(completionBody, { maxLength: 6 }),
  done: fc.boolean(),
  splitAt: fc.array(fc.nat({ max: 400 }), { maxLength: 4 }),
  garbage: fc.option(
    fc.constantFrom('data: {not json\n\n', 'event: error\ndata: {"error":{"message":"x"}}\n\n', ': ping\n\n'),
  ),
});

function splitBuffer(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces.filter((piece) => piece.length > 0);
}

type Outcome = { value: unknown } | { error: { name: string; message: string; status?: unknown } };

async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    const { name, message, status } = error as { name: string; message: string; status?: unknown };
    return { error: { name, message, status } };
  }
}

/** What the app observes, minus the per-request fields the SDK makes up (none, today: kept for clarity). */
function observed(outcome: Outcome): unknown {
  return JSON.parse(
    JSON.stringify(outcome, (_key, value) => (typeof value === 'bigint' ? String(value) : value)) ?? 'null',
  );
}

/** What the SDK reports about the garbage it is fed ("Could not parse message into JSON: …"): kept here, not printed. */
const providerLogs: string[] = [];
const capture = (...args: unknown[]) => {
  providerLogs.push(format(...args));
};
const capturingLogger = { error: capture, warn: capture, info: () => {}, debug: () => {} };
/** The SDK's own complaints about unparseable stream data, the only thing the fuzzed answers may make it log. */
const EXPECTED_PROVIDER_LOG = /^(Could not parse message into JSON:|From chunk:)/;

describe.each(OPENAI_VERSIONS)('$label under fuzzed provider answers', ({ OpenAI, version }) => {
  let server: Server;
  let telemetry: InMemoryTelemetry;
  let client: InstanceType<OpenAIConstructor>;

  beforeAll(async () => {
    server = await startRawServer();
    // Usage injection off: a fuzzed stream may carry usage-only chunks that a real provider sends only on request.
    telemetry = new InMemoryTelemetry({ streamUsage: false });
    if (!telemetry.instrumentation.patch(OpenAI, version)) throw new Error(`could not patch ${version}`);
    const { port } = server.address() as AddressInfo;
    client = new OpenAI({
      apiKey: 'sk-test',
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
      logger: capturingLogger,
    } as ConstructorParameters<OpenAIConstructor>[0]);
  });
  afterAll(async () => {
    await telemetry.shutdown();
    server.closeAllConnections();
    server.close();
  });

  /** Runs `call` with Driftwatch on and off against the same reply; returns both outcomes and the spans made. */
  async function both(reply: Reply, call: () => Promise<unknown>) {
    nextReply = reply;
    telemetry.instrumentation.enable();
    telemetry.spanExporter.reset();
    const instrumented = await settle(call);
    await new Promise((resolve) => setImmediate(resolve));
    const spans = telemetry.spanExporter.getFinishedSpans();
    telemetry.instrumentation.disable();
    const plain = await settle(call);
    telemetry.instrumentation.enable();
    return { instrumented, plain, spans };
  }

  it('should hand the app the same completion or error for 600 fuzzed JSON answers', async () => {
    await fc.assert(
      fc.asyncProperty(plainReply, fc.constantFrom(200, 200, 200, 400, 429, 500, 529), async (body, status) => {
        const reply = { status, contentType: 'application/json', pieces: [Buffer.from(body)] };
        const { instrumented, plain, spans } = await both(reply, () =>
          client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
        );
        expect(observed(instrumented)).toEqual(observed(plain));
        expect(spans).toHaveLength(1);
        if ('error' in instrumented) expect(spans[0]?.attributes['error.type']).toBeDefined();
      }),
      { numRuns: 600, seed: 20261124 },
    );
  });

  it('should hand the app the same chunks or error for 600 fuzzed streams (cut, split, garbage)', async () => {
    providerLogs.length = 0;
    // openai 6 also writes some of them with console.error.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(capture);
    try {
      await fuzzStreams();
    } finally {
      consoleError.mockRestore();
    }
    expect(providerLogs.length).toBeGreaterThan(0);
    expect(providerLogs.filter((line) => !EXPECTED_PROVIDER_LOG.test(line))).toEqual([]);
  });

  async function fuzzStreams() {
    await fc.assert(
      fc.asyncProperty(sseReply, async ({ chunks, done, splitAt, garbage }) => {
        let text = chunks.map((chunk) => `data: ${JSON.stringify(chunk) ?? 'null'}\n\n`).join('');
        if (garbage !== null) text += garbage;
        if (done) text += 'data: [DONE]\n\n';
        const reply = {
          status: 200,
          contentType: 'text/event-stream',
          pieces: splitBuffer(Buffer.from(text), splitAt),
        };
        const consume = async () => {
          const stream = await client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'hi' }],
            stream: true,
          });
          const seen: unknown[] = [];
          for await (const chunk of stream) seen.push(chunk);
          return seen;
        };
        const { instrumented, plain, spans } = await both(reply, consume);
        expect(observed(instrumented)).toEqual(observed(plain));
        expect(spans).toHaveLength(1);
      }),
      { numRuns: 600, seed: 20261124 },
    );
  }

  it('should survive non-UTF-8 bytes and a 10 MB completion, recording what it can', async () => {
    const invalid = Buffer.concat([
      Buffer.from(
        '{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"',
      ),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}'),
    ]);
    const huge = JSON.stringify({
      id: 'big',
      object: 'chat.completion',
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        { index: 0, finish_reason: 'length', message: { role: 'assistant', content: 'x'.repeat(10 * 1024 * 1024) } },
      ],
      usage: { prompt_tokens: 5, completion_tokens: 2_600_000, total_tokens: 2_600_005 },
    });
    for (const body of [invalid, Buffer.from(huge)]) {
      const { instrumented, plain, spans } = await both(
        { status: 200, contentType: 'application/json', pieces: splitBuffer(body, [1000, 5_000_000]) },
        () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      );
      expect(observed(instrumented)).toEqual(observed(plain));
      expect(spans).toHaveLength(1);
      expect(spans[0]?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    }
  });
});
