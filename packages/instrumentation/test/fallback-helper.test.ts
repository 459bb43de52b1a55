import Anthropic from '@anthropic-ai/sdk';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isRetryableError, withFallback } from './helpers/driftwatch-internals';
import { InMemoryTelemetry } from './helpers/in-memory-telemetry';

const headers = new Headers();
const openAIError = (status: number) => OpenAI.APIError.generate(status, { message: 'x' }, undefined, headers);
const anthropicError = (status: number, type: string) =>
  Anthropic.APIError.generate(status, { type: 'error', error: { type, message: 'x' } }, undefined, headers);

describe('isRetryableError', () => {
  it.each([
    ['openai 429', openAIError(429), true],
    ['openai 500', openAIError(500), true],
    ['openai 503', openAIError(503), true],
    ['openai 408', openAIError(408), true],
    ['openai 409', openAIError(409), true],
    ['openai 400', openAIError(400), false],
    ['openai 401', openAIError(401), false],
    ['openai 403', openAIError(403), false],
    ['openai 404', openAIError(404), false],
    ['openai 422', openAIError(422), false],
    ['openai connection error', new OpenAI.APIConnectionError({ message: 'refused' }), true],
    ['openai timeout', new OpenAI.APIConnectionTimeoutError(), true],
    ['openai abort by the app', new OpenAI.APIUserAbortError(), false],
    ['anthropic 529 overloaded', anthropicError(529, 'overloaded_error'), true],
    ['anthropic 429', anthropicError(429, 'rate_limit_error'), true],
    ['anthropic 400', anthropicError(400, 'invalid_request_error'), false],
    ['anthropic 401', anthropicError(401, 'authentication_error'), false],
    [
      'anthropic overloaded event mid-stream',
      new Anthropic.APIError(undefined, { type: 'error', error: { type: 'overloaded_error' } }, undefined, headers),
      true,
    ],
    [
      'anthropic invalid request event mid-stream',
      new Anthropic.APIError(
        undefined,
        { type: 'error', error: { type: 'invalid_request_error' } },
        undefined,
        headers,
      ),
      false,
    ],
    ['anthropic connection timeout', new Anthropic.APIConnectionTimeoutError(), true],
    ['anthropic abort by the app', new Anthropic.APIUserAbortError(), false],
    ['a reset socket', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['fetch failed, refused', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), true],
    ['AbortSignal.timeout()', new DOMException('The operation timed out.', 'TimeoutError'), true],
    ['an abort', new DOMException('This operation was aborted', 'AbortError'), false],
    ["a bug in the app's code", new TypeError("Cannot read properties of undefined (reading 'text')"), false],
    ['a string', 'boom', false],
    ['undefined', undefined, false],
  ])('should classify %s as retryable: %s', (_label, error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});

describe('withFallback', () => {
  let telemetry: InMemoryTelemetry;
  beforeAll(() => {
    telemetry = new InMemoryTelemetry();
  });
  afterEach(async () => {
    await telemetry.reset();
  });
  afterAll(async () => {
    await telemetry.shutdown();
  });

  const chain = () => telemetry.spans().find((span) => span.name.startsWith('fallback'));

  it('should call the primary only while it succeeds', async () => {
    const calls: string[] = [];
    const result = await withFallback(['openai', 'anthropic'], async (provider, attempt) => {
      calls.push(`${provider}#${attempt.attempt}`);
      return 'answer';
    });
    expect(result).toBe('answer');
    expect(calls).toEqual(['openai#1']);
    expect(chain()?.kind).toBe(SpanKind.INTERNAL);
    expect(chain()?.attributes).toEqual({
      'driftwatch.fallback.attempts': 1,
      'driftwatch.fallback.primary_provider': 'openai',
      'driftwatch.fallback.served_provider': 'openai',
    });
  });

  it('should try each target once, in order, passing the previous error, and resolve with the first success', async () => {
    const rateLimited = openAIError(429);
    const seen: unknown[] = [];
    const result = await withFallback(
      [{ provider: 'openai' }, { provider: 'azure.ai.openai' }, { provider: 'anthropic' }],
      async (target, attempt) => {
        seen.push([target.provider, attempt.attempt, attempt.previousError]);
        if (target.provider !== 'anthropic') throw attempt.attempt === 1 ? rateLimited : openAIError(503);
        return 42;
      },
    );
    expect(result).toBe(42);
    expect(seen).toEqual([
      ['openai', 1, undefined],
      ['azure.ai.openai', 2, rateLimited],
      ['anthropic', 3, expect.objectContaining({ status: 503 })],
    ]);
    expect(chain()?.attributes).toMatchObject({
      'driftwatch.fallback.attempts': 3,
      'driftwatch.fallback.primary_provider': 'openai',
      'driftwatch.fallback.served_provider': 'anthropic',
      'driftwatch.fallback.from_provider': 'azure.ai.openai',
      'driftwatch.fallback.reason': '503',
    });
    const counted = await telemetry.counter('driftwatch.llm.fallbacks');
    expect(counted.map((point) => point.attributes)).toEqual([
      {
        'driftwatch.fallback.from_provider': 'openai',
        'driftwatch.fallback.to_provider': 'azure.ai.openai',
        'driftwatch.fallback.reason': '429',
      },
      {
        'driftwatch.fallback.from_provider': 'azure.ai.openai',
        'driftwatch.fallback.to_provider': 'anthropic',
        'driftwatch.fallback.reason': '503',
      },
    ]);
  });

  it('should reject with the very error of the last attempt, and never retry beyond the list', async () => {
    const last = anthropicError(529, 'overloaded_error');
    let calls = 0;
    const error = await withFallback(['openai', 'anthropic'], async (provider) => {
      calls++;
      throw provider === 'openai' ? openAIError(500) : last;
    }).catch((caught: unknown) => caught);
    expect(error).toBe(last);
    expect(calls).toBe(2);
    expect(chain()?.status.code).toBe(SpanStatusCode.ERROR);
    expect(chain()?.attributes['error.type']).toBe('529');
    expect(chain()?.attributes['driftwatch.fallback.served_provider']).toBeUndefined();
  });

  it('should reject at once, with that error, when a failure is not retryable', async () => {
    const refused = openAIError(400);
    let calls = 0;
    const error = await withFallback(['openai', 'anthropic'], () => {
      calls++;
      throw refused;
    }).catch((caught: unknown) => caught);
    expect(error).toBe(refused);
    expect(calls).toBe(1);
    expect(await telemetry.counter('driftwatch.llm.fallbacks')).toEqual([]);
  });

  it("should follow the app's own rule for what is retryable, and treat a throwing rule as 'no'", async () => {
    const refused = openAIError(400);
    const result = await withFallback(
      ['openai', 'anthropic'],
      (provider) => {
        if (provider === 'openai') throw refused;
        return 'from anthropic';
      },
      { isRetryable: (error) => isRetryableError(error) || (error as { status?: number }).status === 400 },
    );
    expect(result).toBe('from anthropic');

    const error = await withFallback(
      ['openai', 'anthropic'],
      () => {
        throw openAIError(500);
      },
      {
        isRetryable: () => {
          throw new Error('rule exploded');
        },
      },
    ).catch((caught: unknown) => caught);
    expect((error as { status?: number }).status).toBe(500);
  });

  it('should take synchronous throws and non-promise results like async ones', async () => {
    const result = await withFallback([1, 2], (target) => {
      if (target === 1) throw new OpenAI.APIConnectionError({ message: 'refused' });
      return `target ${target}`;
    });
    expect(result).toBe('target 2');
  });

  it('should name the providers with providerOf, and name the span after the chain', async () => {
    const clients = [{ kind: 'primary' }, { kind: 'backup' }];
    await withFallback(
      clients,
      (client) => {
        if (client.kind === 'primary') throw openAIError(502);
        return 'ok';
      },
      { providerOf: (client) => (client.kind === 'primary' ? 'openai' : 'anthropic'), name: 'summarise' },
    );
    expect(chain()?.name).toBe('fallback summarise');
    expect(chain()?.attributes['driftwatch.fallback.served_provider']).toBe('anthropic');
  });

  it('should run each attempt inside the chain span, under the caller span', async () => {
    const parents: Array<string | undefined> = [];
    await trace.getTracer('app').startActiveSpan('request', async (request) => {
      await withFallback(['openai', 'anthropic'], (provider) => {
        parents.push(trace.getActiveSpan()?.spanContext().spanId);
        if (provider === 'openai') throw openAIError(500);
      });
      request.end();
    });
    const span = chain();
    expect(parents).toEqual([span?.spanContext().spanId, span?.spanContext().spanId]);
    expect(span?.parentSpanContext?.spanId).toBe(
      telemetry
        .spans()
        .find((each) => each.name === 'request')
        ?.spanContext().spanId,
    );
  });

  it('should refuse an empty list', async () => {
    await expect(withFallback([], () => 'never')).rejects.toThrow(TypeError);
  });
});
