import { UnpinnedModelError } from '@driftwatch/instrumentation';
import { describe, expect, it } from 'vitest';
import { useAnthropicTestbed } from './helpers/anthropic-testbed';
import { ANTHROPIC_VERSIONS } from './helpers/anthropic-versions';

describe.each(ANTHROPIC_VERSIONS)('$label with requirePinnedModels: error', (anthropicVersion) => {
  const bed = useAnthropicTestbed(anthropicVersion, { requirePinnedModels: 'error' });

  const ask = (model: string) =>
    bed.client.messages.create({ model, max_tokens: 20, messages: [{ role: 'user', content: 'Qualify Acme' }] });

  it('should refuse a floating Claude alias before anything is sent, with a clear error', async () => {
    let refusal: unknown;
    try {
      await ask('claude-haiku-4-5');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UnpinnedModelError);
    expect(refusal).toMatchObject({
      code: 'driftwatch_unpinned_model',
      model: 'claude-haiku-4-5',
      checkpoint: 'claude-haiku-4-5-20251001',
    });
    expect(bed.server.requests).toEqual([]);
    expect(bed.telemetry.spans()).toEqual([]);
  });

  it('should let a dated checkpoint through unchanged', async () => {
    const message = await ask('claude-haiku-4-5-20251001');
    expect(message.model).toBe('claude-haiku-4-5-20251001');
    expect(bed.server.requests).toHaveLength(1);
    expect(bed.telemetry.spans().map((span) => span.name)).toEqual(['chat claude-haiku-4-5-20251001']);
  });
});
