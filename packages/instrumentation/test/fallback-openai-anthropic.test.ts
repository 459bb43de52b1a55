import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { VERSION as OPENAI_VERSION } from 'openai/version';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, CLAUDE_MODEL } from './helpers/anthropic-versions';
import { withFallback } from './helpers/driftwatch-internals';
import { traceTree } from './helpers/trace-tree';

const LEAD = { role: 'user' as const, content: 'Qualify the lead from Acme' };

describe('an OpenAI primary with an Anthropic fallback, over real HTTP', () => {
  const bed = useAnthropicTestbed(ANTHROPIC_VERSIONS[0]!);
  let openai: OpenAI;

  beforeAll(() => {
    if (!bed.telemetry.instrumentation.patch(OpenAI, OPENAI_VERSION)) throw new Error('could not patch openai');
    openai = new OpenAI({ apiKey: 'sk-test', baseURL: bed.server.url, maxRetries: 0 });
  });

  /** The app's request handler: OpenAI first, Claude when OpenAI fails, as one named fallback chain. */
  const qualifyLead = (timeout?: number) =>
    trace.getTracer('lead-app').startActiveSpan('handle lead', async (span) => {
      try {
        return await withFallback(
          ['openai', 'anthropic'],
          async (provider) => {
            if (provider === 'openai') {
              const options = timeout === undefined ? undefined : { timeout };
              const completion = await openai.chat.completions.create(
                { model: 'gpt-4o-mini', messages: [LEAD] },
                options,
              );
              return completion.choices[0]?.message.content ?? '';
            }
            const message = await bed.client.messages.create({
              model: CLAUDE_MODEL,
              max_tokens: 256,
              messages: [LEAD],
            });
            return message.content.find((block) => block.type === 'text')?.text ?? '';
          },
          { name: 'qualify-lead' },
        );
      } finally {
        span.end();
      }
    });

  const fallbacks = () => bed.telemetry.counter('driftwatch.llm.fallbacks');

  it('should answer from Claude after an OpenAI 500, with a trace that tells the story and one counted fallback', async () => {
    bed.server.setScenario({ faults: [{ fault: 'server_error', path: '/chat/completions' }] });
    const answer = await qualifyLead();
    expect(answer).toBe('Mock answer to: Qualify the lead from Acme');
    expect(traceTree(bed.telemetry.spans())).toBe(
      [
        'handle lead',
        '└─ fallback qualify-lead  [attempts=2 primary=openai served=anthropic from=openai reason=500]',
        '   ├─ chat gpt-4o-mini  [ERROR error=500 attempt=1]',
        '   └─ chat claude-haiku-4-5  [attempt=2 from=openai reason=500]',
      ].join('\n'),
    );
    const chain = bed.telemetry.spans().find((span) => span.name === 'fallback qualify-lead');
    expect(chain?.kind).toBe(SpanKind.INTERNAL);
    expect(chain?.status.code).toBe(SpanStatusCode.UNSET);
    expect(await fallbacks()).toEqual([
      {
        attributes: {
          'driftwatch.fallback.from_provider': 'openai',
          'driftwatch.fallback.to_provider': 'anthropic',
          'driftwatch.fallback.reason': '500',
        },
        value: 1,
      },
    ]);
  });

  it('should stay on the primary while it is healthy, and count no fallback', async () => {
    bed.server.setScenario({});
    await qualifyLead();
    expect(traceTree(bed.telemetry.spans())).toBe(
      [
        'handle lead',
        '└─ fallback qualify-lead  [attempts=1 primary=openai served=openai]',
        '   └─ chat gpt-4o-mini  [attempt=1]',
      ].join('\n'),
    );
    expect(bed.server.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
    expect(await fallbacks()).toEqual([]);
  });

  it('should fall back on a primary that hangs past its timeout', async () => {
    bed.server.setScenario({ faults: [{ fault: 'hang', path: '/chat/completions' }] });
    await qualifyLead(150);
    const lines = traceTree(bed.telemetry.spans()).split('\n');
    expect(lines[1]).toContain('served=anthropic from=openai reason=APIConnectionTimeoutError');
    expect((await fallbacks())[0]?.attributes['driftwatch.fallback.reason']).toBe('APIConnectionTimeoutError');
  });

  it('should give the app the last provider error, unchanged, when the fallback fails too', async () => {
    bed.server.setScenario({
      faults: [
        { fault: 'server_error', path: '/chat/completions' },
        { fault: 'overloaded', path: '/messages' },
      ],
    });
    const error = await qualifyLead().catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('OverloadedError');
    expect((error as { status?: number }).status).toBe(529);
    expect(traceTree(bed.telemetry.spans())).toBe(
      [
        'handle lead',
        '└─ fallback qualify-lead  [ERROR error=529 attempts=2 primary=openai from=openai reason=500]',
        '   ├─ chat gpt-4o-mini  [ERROR error=500 attempt=1]',
        '   └─ chat claude-haiku-4-5  [ERROR error=529 attempt=2 from=openai reason=500]',
      ].join('\n'),
    );
    expect((await fallbacks()).map((point) => point.value)).toEqual([1]);
  });

  it('should not fall back on a request the primary refuses (400): the app gets that error at once', async () => {
    bed.server.setScenario({ faults: [{ fault: 'bad_request', path: '/chat/completions' }] });
    const error = await qualifyLead().catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('BadRequestError');
    expect(bed.server.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
    expect(traceTree(bed.telemetry.spans()).split('\n')[1]).toBe(
      '└─ fallback qualify-lead  [ERROR error=400 attempts=1 primary=openai]',
    );
    expect(await fallbacks()).toEqual([]);
  });

  it('should fall back from a Claude stream that fails mid-way (overloaded) to OpenAI', async () => {
    bed.server.setScenario({ faults: [{ fault: 'stream_error', path: '/messages' }] });
    const answer = await withFallback(['anthropic', 'openai'], async (provider) => {
      if (provider === 'anthropic') {
        return await bed.client.messages.stream({ model: CLAUDE_MODEL, max_tokens: 256, messages: [LEAD] }).finalText();
      }
      return (await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [LEAD] })).choices[0]?.message
        .content;
    });
    expect(answer).toBe('Mock answer to: Qualify the lead from Acme');
    expect(traceTree(bed.telemetry.spans())).toBe(
      [
        'fallback  [attempts=2 primary=anthropic served=openai from=anthropic reason=overloaded_error]',
        '├─ chat claude-haiku-4-5  [ERROR error=overloaded_error attempt=1]',
        '└─ chat gpt-4o-mini  [attempt=2 from=anthropic reason=overloaded_error]',
      ].join('\n'),
    );
  });

  it("should mark the app's own fallback (try OpenAI, catch, call Claude) under the same parent span", async () => {
    bed.server.setScenario({ faults: [{ fault: 'rate_limit', path: '/chat/completions' }] });
    await trace.getTracer('lead-app').startActiveSpan('handle lead', async (span) => {
      try {
        await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [LEAD] });
      } catch {
        await bed.client.messages.create({ model: CLAUDE_MODEL, max_tokens: 256, messages: [LEAD] });
      }
      // A later, unrelated call under the same parent is not a fallback.
      await bed.client.messages.create({ model: CLAUDE_MODEL, max_tokens: 256, messages: [LEAD] });
      span.end();
    });
    expect(traceTree(bed.telemetry.spans())).toBe(
      [
        'handle lead',
        '├─ chat gpt-4o-mini  [ERROR error=429]',
        '├─ chat claude-haiku-4-5  [attempt=2 from=openai reason=429]',
        '└─ chat claude-haiku-4-5',
      ].join('\n'),
    );
    expect(await fallbacks()).toEqual([
      {
        attributes: {
          'driftwatch.fallback.from_provider': 'openai',
          'driftwatch.fallback.to_provider': 'anthropic',
          'driftwatch.fallback.reason': '429',
        },
        value: 1,
      },
    ]);
  });

  it("should not take the app's call after a refused request (400) for a fallback", async () => {
    bed.server.setScenario({ faults: [{ fault: 'bad_request', path: '/chat/completions' }] });
    await trace.getTracer('lead-app').startActiveSpan('handle lead', async (span) => {
      await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [LEAD] }).catch(() => undefined);
      await bed.client.messages.create({ model: CLAUDE_MODEL, max_tokens: 256, messages: [LEAD] });
      span.end();
    });
    expect(traceTree(bed.telemetry.spans())).toBe(
      ['handle lead', '├─ chat gpt-4o-mini  [ERROR error=400]', '└─ chat claude-haiku-4-5'].join('\n'),
    );
    expect(await fallbacks()).toEqual([]);
  });
});
