import { ModelDriftProcessor } from '@driftwatch/processors';
import { diag } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag, openAIChat, ProcessorHarness } from './helpers/processor-harness';

const MINI = 'gpt-4o-mini-2024-07-18';

function answered(responseModel: string, fingerprint?: string) {
  return {
    'gen_ai.response.model': responseModel,
    ...(fingerprint === undefined ? {} : { 'openai.response.system_fingerprint': fingerprint }),
    'gen_ai.usage.input_tokens': 10,
    'gen_ai.usage.output_tokens': 5,
  };
}

describe('ModelDriftProcessor', () => {
  let harness: ProcessorHarness;
  let messages: string[];

  beforeEach(() => {
    messages = captureDiag();
  });
  afterEach(async () => {
    diag.disable();
    await harness?.shutdown();
  });

  const driftStats = () =>
    harness.processors.find((processor) => processor instanceof ModelDriftProcessor)?.stats() ?? { labels: -1 };

  it('should mark floating aliases unpinned and count them, dated checkpoints pinned, unknown names neither', async () => {
    harness = new ProcessorHarness({ requirePinnedModels: 'off' });
    const floating = harness.call(openAIChat('gpt-4o-mini'), answered(MINI));
    const dated = harness.call(openAIChat(MINI), answered(MINI));
    const unknown = harness.call(openAIChat('my-azure-deployment'), answered('gpt-4o-2024-08-06'));
    expect(floating.attributes['driftwatch.model.pinned']).toBe(false);
    expect(dated.attributes['driftwatch.model.pinned']).toBe(true);
    expect(unknown.attributes['driftwatch.model.pinned']).toBeUndefined();
    expect(await harness.points('driftwatch.model.unpinned_calls')).toEqual([
      { attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' }, value: 1 },
    ]);
    expect(messages).toEqual([]);
  });

  it('should warn once per floating model with requirePinnedModels: warn', () => {
    harness = new ProcessorHarness({ requirePinnedModels: 'warn' });
    harness.call(openAIChat('gpt-4o-mini'), answered(MINI));
    harness.call(openAIChat('gpt-4o-mini'), answered(MINI));
    harness.call(openAIChat('o3'), answered('o3-2025-04-16'));
    expect(messages).toEqual([
      '@driftwatch/processors: model "gpt-4o-mini" is a floating alias; pin a dated checkpoint such as "gpt-4o-mini-2024-07-18"',
      '@driftwatch/processors: model "o3" is a floating alias; pin a dated checkpoint such as "o3-2025-04-16"',
    ]);
  });

  it('should say once when a floating call it sees was not refused under requirePinnedModels: error', () => {
    harness = new ProcessorHarness({ requirePinnedModels: 'error' });
    harness.call(openAIChat('gpt-4o-mini'), answered(MINI));
    harness.call(openAIChat('gpt-4o-mini'), answered(MINI));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('"gpt-4o-mini" was not refused although DRIFTWATCH_REQUIRE_PINNED_MODELS=error');
  });

  it('should report a new checkpoint and a new fingerprint at the first changed call, and not a flip back', async () => {
    harness = new ProcessorHarness();
    const calls = [
      harness.call(openAIChat('gpt-4o-mini'), answered(MINI, 'fp_aaaaaaaaaa')),
      harness.call(openAIChat('gpt-4o-mini'), answered(MINI, 'fp_aaaaaaaaaa')),
      harness.call(openAIChat('gpt-4o-mini'), answered('gpt-4o-mini-2025-01-01', 'fp_bbbbbbbbbb')),
      harness.call(openAIChat('gpt-4o-mini'), answered(MINI, 'fp_aaaaaaaaaa')),
      harness.call(openAIChat('gpt-4o-mini'), answered('gpt-4o-mini-2025-01-01', 'fp_bbbbbbbbbb')),
    ];
    const events = calls.map((span) => span.events.map((event) => ({ name: event.name, ...event.attributes })));
    expect(events).toEqual([
      [],
      [],
      [
        {
          name: 'driftwatch.model.changed',
          'driftwatch.model.change.kind': 'response_model',
          'driftwatch.model.change.previous': MINI,
          'driftwatch.model.change.current': 'gpt-4o-mini-2025-01-01',
        },
        {
          name: 'driftwatch.model.changed',
          'driftwatch.model.change.kind': 'system_fingerprint',
          'driftwatch.model.change.previous': 'fp_aaaaaaaaaa',
          'driftwatch.model.change.current': 'fp_bbbbbbbbbb',
        },
      ],
      [],
      [],
    ]);
    const labels = { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };
    const changes = await harness.points('driftwatch.model.changes');
    expect(changes).toHaveLength(2);
    expect(changes).toContainEqual({
      attributes: { ...labels, 'driftwatch.model.change.kind': 'response_model' },
      value: 1,
    });
    expect(changes).toContainEqual({
      attributes: { ...labels, 'driftwatch.model.change.kind': 'system_fingerprint' },
      value: 1,
    });
  });

  it('should keep the changes of each label apart, and take a label first fingerprint as its baseline', () => {
    harness = new ProcessorHarness();
    harness.call(openAIChat('gpt-4o-mini'), answered(MINI));
    harness.call(openAIChat('gpt-4o'), answered('gpt-4o-2024-08-06', 'fp_1111111111'));
    const laterFingerprint = harness.call(openAIChat('gpt-4o-mini'), answered(MINI, 'fp_2222222222'));
    const otherLabel = harness.call(openAIChat('gpt-4o'), answered('gpt-4o-2024-11-20', 'fp_1111111111'));
    expect(laterFingerprint.events).toEqual([]);
    expect(otherLabel.events.map((event) => event.attributes?.['driftwatch.model.change.kind'])).toEqual([
      'response_model',
    ]);
  });

  it('should report which checkpoint serves each label now: 1 for it, 0 for the ones before', async () => {
    harness = new ProcessorHarness();
    harness.call(openAIChat('gpt-4o-mini'), answered(MINI, 'fp_aaaaaaaaaa'));
    const series = (model: string, fingerprint: string) => ({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': model,
      'openai.response.system_fingerprint': fingerprint,
    });
    expect(await harness.points('driftwatch.model.checkpoint')).toEqual([
      { attributes: series(MINI, 'fp_aaaaaaaaaa'), value: 1 },
    ]);
    harness.call(openAIChat('gpt-4o-mini'), answered('gpt-4o-mini-2025-01-01', 'fp_bbbbbbbbbb'));
    const points = await harness.points('driftwatch.model.checkpoint');
    expect(points).toHaveLength(2);
    expect(points).toContainEqual({ attributes: series(MINI, 'fp_aaaaaaaaaa'), value: 0 });
    expect(points).toContainEqual({ attributes: series('gpt-4o-mini-2025-01-01', 'fp_bbbbbbbbbb'), value: 1 });
  });

  it('should stay within its label and value bounds, counting what it forgets', async () => {
    harness = new ProcessorHarness({ maxModelLabels: 2, maxValuesPerLabel: 3 });
    for (const label of ['a', 'b', 'c', 'd']) harness.call(openAIChat(label), answered(`${label}-2026-01-01`));
    for (let index = 0; index < 10; index += 1) {
      harness.call(openAIChat('d'), answered(`d-2026-01-0${index}`, `fp_${index}`));
    }
    // c: 1 model + 1 series; d: 3 models + 3 fingerprints + 3 series.
    expect(driftStats()).toEqual({ labels: 2, values: 2 + 9 });
    // Labels a and b; then response models -03 to -09 and fingerprints fp_3 to fp_9, each past the third.
    expect(await harness.dropped('processor.drift', 'label_limit')).toBe(2 + 7 + 7);
  });
});
