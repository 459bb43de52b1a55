import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS, type AnthropicClient, CLAUDE_MODEL } from './helpers/anthropic-versions';

const REQUEST = { model: CLAUDE_MODEL, max_tokens: 128, messages: [{ role: 'user' as const, content: 'Hello' }] };
const SDK_SCOPE = /^com\.anthropic\.sdk/;

/** One call of each kind the instrumentation traces; each must produce exactly one span. */
async function everyKindOfCall(client: AnthropicClient): Promise<void> {
  await client.messages.create(REQUEST);
  for await (const _event of await client.messages.create({ ...REQUEST, stream: true })) {
    // drained
  }
  await client.messages.stream(REQUEST).finalMessage();
  await client.messages.parse(REQUEST);
  await client.messages.create(REQUEST, { headers: { 'x-mock-fault': 'rate_limit' } }).catch(() => undefined);
}

describe.each(ANTHROPIC_VERSIONS)('$label with its own tracing on and off', (anthropicVersion) => {
  const bed = useAnthropicTestbed(anthropicVersion);

  beforeAll(() => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    propagation.disable();
  });

  it('should show that the SDK traces itself here: its own span appears while Driftwatch is disabled', async () => {
    bed.instrumentation.disable();
    await bed.client.messages.create(REQUEST);
    const [span] = bed.telemetry.spans();
    expect(span?.name).toBe('anthropic.messages.create');
    expect(span?.instrumentationScope.name).toMatch(SDK_SCOPE);
  });

  it.each([
    ['on (the default)', {}],
    ['off (openTelemetry: false)', { openTelemetry: false }],
    ['on, recording content', { openTelemetry: { traces: { contentMode: 'content' } } }],
  ])('should give exactly one span per call with SDK tracing %s', async (_mode, clientOptions) => {
    await everyKindOfCall(bed.newClient(clientOptions));
    const spans = bed.telemetry.spans();
    expect(spans.map((span) => span.name)).toEqual(Array(5).fill('chat claude-haiku-4-5'));
    expect(spans.every((span) => span.instrumentationScope.name === '@driftwatch/instrumentation')).toBe(true);
    expect(spans.map((span) => span.attributes['error.type'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      '429',
    ]);
    // Only Driftwatch's own capture switch (off here) decides on content, whatever the SDK's content mode.
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('Hello');
  });

  it('should keep the SDK propagating the trace, with Driftwatch span as the parent on the wire', async () => {
    await bed.client.messages.create(REQUEST);
    await bed.client.messages.stream(REQUEST).finalMessage();
    const spans = bed.telemetry.spans();
    const sent = bed.server.requests.map((request) => request.headers.traceparent);
    expect(sent).toEqual(spans.map((span) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`));
  });

  it('should keep the conversation id the app gives the SDK for its span', async () => {
    await bed.client.messages.create(REQUEST, { openTelemetry: { conversationId: 'conv-42' } } as never);
    expect(bed.telemetry.spans()[0]?.attributes['gen_ai.conversation.id']).toBe('conv-42');
  });
});
