import { describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, CLAUDE_MODEL } from './helpers/anthropic-versions';
import { explodingSpan, providerOf } from './helpers/broken-tracers';

const { Anthropic, version } = ANTHROPIC_VERSIONS[0]!;
const REQUEST = {
  model: CLAUDE_MODEL,
  max_tokens: 128,
  messages: [{ role: 'user' as const, content: 'are you there?' }],
};

describe('an Anthropic app never notices a telemetry failure', () => {
  const bed = useAnthropicTestbed(ANTHROPIC_VERSIONS[0]!);

  it('should return the normal result when starting a span throws, and count the drop', async () => {
    bed.instrumentation.setTracerProvider(
      providerOf({
        startSpan: () => {
          throw new Error('tracer exploded');
        },
      }),
    );
    const message = await bed.client.messages.create(REQUEST);
    expect(message.content[0]?.type).toBe('text');
    const final = await bed.client.messages.stream(REQUEST).finalMessage();
    expect(final.stop_reason).toBe('end_turn');
    const dropped = await bed.telemetry.counter('driftwatch.telemetry.dropped');
    expect(dropped).toContainEqual({
      attributes: { 'driftwatch.component': 'anthropic.start', 'driftwatch.drop.reason': 'internal_error' },
      value: 2,
    });
  });

  it('should return the normal result, streams and errors when every span method throws', async () => {
    bed.instrumentation.setTracerProvider(providerOf({ startSpan: explodingSpan }));
    const message = await bed.client.messages.create(REQUEST);
    expect(message.type).toBe('message');

    const [left, right] = (await bed.client.messages.create({ ...REQUEST, stream: true })).tee();
    let leftCount = 0;
    let rightCount = 0;
    for await (const _event of left) leftCount++;
    for await (const _event of right) rightCount++;
    expect(leftCount).toBe(rightCount);
    expect(leftCount).toBeGreaterThan(4);
    expect((await bed.client.messages.stream(REQUEST).finalMessage()).type).toBe('message');

    const error = await bed.client.messages
      .create(REQUEST, { headers: { 'x-mock-fault': 'overloaded' } })
      .catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('OverloadedError');
  });

  it('should patch each copy once, however often it is asked', async () => {
    expect(bed.instrumentation.patch(Anthropic, version)).toBe(true);
    expect(bed.instrumentation.patch({ Anthropic }, version)).toBe(true);
    expect(bed.instrumentation.patch({ default: Anthropic }, version)).toBe(true);
    await bed.client.messages.create(REQUEST);
    await bed.client.messages.stream(REQUEST).finalMessage();
    expect(bed.telemetry.spans()).toHaveLength(2);
  });

  it('should refuse unsupported versions and unknown shapes, leaving them untouched', () => {
    class Unknown {}
    expect(bed.instrumentation.patch(Anthropic, '2.0.0')).toBe(false);
    expect(bed.instrumentation.patch({ Anthropic: Unknown }, version)).toBe(false);
    expect(bed.instrumentation.patch(undefined)).toBe(false);
  });

  it('should pass a non-object body straight to the SDK, which throws its own error synchronously', () => {
    const call = () => bed.client.messages.create(undefined as unknown as typeof REQUEST);
    const thrown = (() => {
      try {
        call();
      } catch (error) {
        return error as Error;
      }
    })();
    bed.instrumentation.disable();
    expect(call).toThrow(thrown?.message);
    bed.instrumentation.enable();
    expect(thrown).toBeInstanceOf(TypeError);
    expect(bed.telemetry.spans()).toEqual([]);
  });
});
