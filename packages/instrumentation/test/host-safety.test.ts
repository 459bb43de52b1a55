import { describe, expect, it } from 'vitest';
import { explodingSpan, providerOf } from './helpers/broken-tracers';
import { useOpenAITestbed } from './helpers/openai-testbed';
import { OPENAI_VERSIONS } from './helpers/openai-versions';

const { OpenAI, version } = OPENAI_VERSIONS[0]!;

describe('the host app never notices a telemetry failure', () => {
  const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'are you there?' }] };

  const bed = useOpenAITestbed(OPENAI_VERSIONS[0]!);

  it('should return the normal result when starting a span throws, and count the drop', async () => {
    bed.telemetry.instrumentation.setTracerProvider(
      providerOf({
        startSpan: () => {
          throw new Error('tracer exploded');
        },
      }),
    );
    const completion = await bed.client.chat.completions.create(request);
    expect(completion.choices[0]?.message.content).toBeTruthy();
    const stream = await bed.client.chat.completions.create({ ...request, stream: true });
    let chunks = 0;
    for await (const _chunk of stream) chunks++;
    expect(chunks).toBeGreaterThan(1);
    const dropped = await bed.telemetry.counter('driftwatch.telemetry.dropped');
    expect(dropped).toContainEqual({
      attributes: { 'driftwatch.component': 'openai.start', 'driftwatch.drop.reason': 'internal_error' },
      value: 2,
    });
  });

  it('should return the normal result, stream and error when every span method throws', async () => {
    bed.telemetry.instrumentation.setTracerProvider(providerOf({ startSpan: explodingSpan }));
    const completion = await bed.client.chat.completions.create(request);
    expect(completion.object).toBe('chat.completion');

    const stream = await bed.client.chat.completions.create({ ...request, stream: true });
    const [left, right] = stream.tee();
    let leftCount = 0;
    let rightCount = 0;
    for await (const _chunk of left) leftCount++;
    for await (const _chunk of right) rightCount++;
    expect(leftCount).toBe(rightCount);
    expect(leftCount).toBeGreaterThan(1);

    const error = await bed.client.chat.completions
      .create(request, { headers: { 'x-mock-fault': 'rate_limit' } })
      .catch((caught: unknown) => caught);
    expect((error as Error).constructor.name).toBe('RateLimitError');
  });

  it('should patch each copy once, however often it is asked', async () => {
    await bed.telemetry.reset();
    expect(bed.telemetry.instrumentation.patch(OpenAI, version)).toBe(true);
    expect(bed.telemetry.instrumentation.patch({ OpenAI }, version)).toBe(true);
    await bed.client.chat.completions.create(request);
    expect(bed.telemetry.spans()).toHaveLength(1);
  });

  it('should refuse unsupported versions and unknown shapes, leaving them untouched', () => {
    class Unknown {}
    expect(bed.telemetry.instrumentation.patch(OpenAI, '5.23.0')).toBe(false);
    expect(bed.telemetry.instrumentation.patch({ OpenAI: Unknown }, version)).toBe(false);
    expect(bed.telemetry.instrumentation.patch(undefined)).toBe(false);
  });

  it('should pass a non-object body straight to the SDK, which raises its own error', async () => {
    const error = await bed.client.chat.completions
      .create(undefined as unknown as typeof request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
  });
});
