import {
  configureAgentTracing,
  escalate,
  recordOutcome,
  tool,
  traceAgent,
  traceTool,
} from '@driftwatch/instrumentation';
import { context, type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

/** A telemetry pipeline that fails at every step: the app must not notice. */
const throwingTracerProvider = {
  getTracer() {
    throw new Error('tracer provider broken');
  },
} as unknown as TracerProvider;

const throwingMeterProvider = {
  getMeter() {
    return new Proxy(
      {},
      {
        get() {
          return () => ({
            add() {
              throw new Error('counter broken');
            },
            record() {
              throw new Error('histogram broken');
            },
          });
        },
      },
    );
  },
} as unknown as MeterProvider;

describe('agent API host safety', () => {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  afterEach(() => {
    trace.disable();
    metrics.disable();
  });

  it('should give the app its values and errors when the tracer provider throws', async () => {
    trace.setGlobalTracerProvider(throwingTracerProvider);
    const error = new Error('app error');

    expect(await traceAgent({ name: 'a' }, async () => traceTool({ name: 't' }, async () => 7))).toBe(7);
    await expect(traceAgent({ name: 'a' }, () => Promise.reject(error))).rejects.toBe(error);
    expect(traceTool({ name: 't' }, () => 'sync')).toBe('sync');
  });

  it('should give the app its values and errors when every metric instrument throws', async () => {
    metrics.setGlobalMeterProvider(throwingMeterProvider);
    const error = new TypeError('tool error');
    const schema = z.object({ id: z.string() });

    const value = await traceAgent({ name: 'a', task: 'same', maxSteps: 0 }, async () => {
      escalate({ reason: 'r', category: 'c' });
      recordOutcome({ name: 'o', value: true });
      await expect(traceTool({ name: 't' }, () => Promise.reject(error))).rejects.toBe(error);
      return traceTool({ name: 't', resultSchema: schema }, async () => ({ wrong: 1 }));
    });
    expect(value).toEqual({ wrong: 1 });
    expect(await traceAgent({ name: 'a', task: 'same' }, async () => 'second')).toBe('second');
  });

  it('should keep the wrapped tool callable with odd inputs: a throwing callId and unserializable arguments', async () => {
    configureAgentTracing({ captureContent: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const lookup = tool(
      {
        name: 'lookup',
        callId: () => {
          throw new Error('callId broken');
        },
      },
      async (input: unknown) => (input === cyclic ? 'same object' : 'other'),
    );
    expect(await lookup(cyclic)).toBe('same object');
    expect(await lookup(10n)).toBe('other');
    configureAgentTracing({ captureContent: false });
  });
});
