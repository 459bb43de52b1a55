import { DEFAULT_SETTINGS, resolveSettings } from '@driftwatch/processors/internal';
import { diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { captureDiag } from './helpers/processor-harness';

describe("Driftwatch's settings", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('should resolve every default when nothing is set', () => {
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('DRIFTWATCH_') || name.startsWith('OTEL_INSTRUMENTATION_GENAI')) delete process.env[name];
    }
    expect(resolveSettings()).toEqual({
      captureContent: false,
      contentMaxLength: 16384,
      streamUsage: 'auto',
      requirePinnedModels: 'off',
      repeatWindowMillis: 86_400_000,
      maxTrackedTasks: 100_000,
    });
    expect(resolveSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('should read the environment, let code options win, and read every boolean one way', () => {
    Object.assign(process.env, {
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'span_only',
      DRIFTWATCH_CONTENT_MAX_LENGTH: '100',
      DRIFTWATCH_STREAM_USAGE: 'off',
      DRIFTWATCH_REQUIRE_PINNED_MODELS: 'warn',
      DRIFTWATCH_REPEAT_WINDOW_MS: '60000',
      DRIFTWATCH_REPEAT_MAX_TASKS: '10',
    });
    expect(resolveSettings()).toEqual({
      captureContent: true,
      contentMaxLength: 100,
      streamUsage: 'never',
      requirePinnedModels: 'warn',
      repeatWindowMillis: 60_000,
      maxTrackedTasks: 10,
    });
    expect(resolveSettings({ captureContent: false, contentMaxLength: 5 })).toMatchObject({
      captureContent: false,
      contentMaxLength: 5,
      streamUsage: 'never',
    });
    process.env.DRIFTWATCH_STREAM_USAGE = ' ';
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = '';
    expect(resolveSettings()).toMatchObject({ captureContent: false, streamUsage: 'auto' });
  });

  it('should report a value that is not a boolean or a positive integer once, and use the default', () => {
    const warnings = captureDiag();
    try {
      process.env.DRIFTWATCH_STREAM_USAGE = 'maybe';
      process.env.DRIFTWATCH_CONTENT_MAX_LENGTH = '-3';
      expect(resolveSettings()).toMatchObject({ streamUsage: 'auto', contentMaxLength: 16384 });
      resolveSettings();
      expect(warnings.filter((message) => message.includes('DRIFTWATCH_STREAM_USAGE'))).toHaveLength(1);
      expect(warnings.filter((message) => message.includes('DRIFTWATCH_CONTENT_MAX_LENGTH'))).toHaveLength(1);
    } finally {
      diag.disable();
    }
  });
});
