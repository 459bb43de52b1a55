import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPinnedModel, loadModelTable, type ModelTableFile } from '@driftwatch/processors';
import { diag } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureDiag } from './helpers/processor-harness';

const BUNDLED = JSON.parse(
  readFileSync(require.resolve('@driftwatch/processors/models.json'), 'utf8'),
) as Required<ModelTableFile> & { version: string };

/** Every alias of the testkit's mock server (packages/testkit/src/mock-server/model-catalog.ts). */
const MOCK_SERVER_ALIASES = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o1', 'o3', 'o3-mini'];
const MOCK_SERVER_MODELS = ['o4-mini', 'text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'];

describe('the bundled model table', () => {
  it('should be versioned, and give every entry a source, an effective date and a context window', () => {
    expect(BUNDLED.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const entries = Object.entries(BUNDLED.models);
    expect(entries.length).toBeGreaterThan(30);
    for (const [name, entry] of entries) {
      expect(entry.source, name).toMatch(/^https:\/\/(platform\.openai\.com|docs\.anthropic\.com)\//);
      expect(entry.effective_date, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.context_window, name).toBeGreaterThan(0);
      expect(['openai', 'anthropic']).toContain(entry.provider);
    }
  });

  it('should price every model the testkit mock server answers with', () => {
    const table = loadModelTable({ readEnvironment: false });
    for (const model of [...MOCK_SERVER_ALIASES, ...MOCK_SERVER_MODELS]) {
      expect(table.resolve(model), model).toBeDefined();
    }
    expect(table.resolve('gpt-4o-mini')?.id).toBe('gpt-4o-mini-2024-07-18');
    expect(table.resolve('o4-mini')?.id).toBe('o4-mini-2025-04-16');
  });

  it('should resolve fine-tunes to their own prices only', () => {
    const table = loadModelTable({ readEnvironment: false });
    expect(table.resolve('ft:gpt-4o-mini-2024-07-18:acme:leads:AbC123')?.id).toBe('ft:gpt-4o-mini-2024-07-18');
    expect(table.resolve('ft:gpt-4o-mini-2024-07-18:acme:leads:AbC123')?.entry.input).toBe(0.3);
    expect(table.resolve('ft:davinci-002:acme::x')).toBeUndefined();
  });

  it('should not stretch a dated variant to a shorter, different model', () => {
    const table = loadModelTable({ readEnvironment: false });
    expect(table.resolve('gpt-4o-audio-preview-2024-12-17')).toBeUndefined();
    expect(table.resolve('claude-sonnet-4-5-20260101')?.id).toBe('claude-sonnet-4-5-20250929');
    expect(table.resolve('gpt-4o-2024-05-13')?.entry.input).toBe(5);
  });
});

describe('isPinnedModel', () => {
  it.each([
    ['gpt-4o-mini', false],
    ['claude-sonnet-4-5', false],
    ['claude-3-5-sonnet-latest', false],
    ['chatgpt-4o-latest', false],
    ['gpt-4o-mini-2024-07-18', true],
    ['claude-sonnet-4-5-20250929', true],
    ['gpt-4-0613', true],
    ['gpt-3.5-turbo-0125', true],
    ['gpt-4-1106-preview', true],
    ['ft:gpt-4o-mini-2024-07-18:acme::abc', true],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', true],
    ['claude-3-5-sonnet-v2@20241022', true],
    ['text-embedding-3-small', true],
    ['llama3.1:8b', undefined],
    ['my-azure-deployment', undefined],
    ['gpt-5', false],
  ] as const)('should say %s is pinned: %s', (model, pinned) => {
    expect(isPinnedModel(model, loadModelTable({ readEnvironment: false }))).toBe(pinned);
  });
});

describe('overriding the model table', () => {
  const directory = mkdtempSync(join(tmpdir(), 'driftwatch-prices-'));
  let messages: string[];

  beforeEach(() => {
    messages = captureDiag();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    diag.disable();
  });

  it('should merge a file named by DRIFTWATCH_PRICE_TABLE over the bundled table', () => {
    const path = join(directory, 'negotiated.json');
    writeFileSync(
      path,
      JSON.stringify({
        version: 'acme-2026-10',
        models: {
          'gpt-4o-mini-2024-07-18': { input: 0.1 },
          'acme-llm-2026-09-01': { input: 1, output: 2, context_window: 8000 },
        },
        aliases: { 'acme-llm': 'acme-llm-2026-09-01' },
      }),
    );
    vi.stubEnv('DRIFTWATCH_PRICE_TABLE', path);
    const table = loadModelTable();
    expect(table.version).toBe('acme-2026-10');
    expect(table.resolve('gpt-4o-mini')?.entry).toMatchObject({ input: 0.1, output: 0.6, cache_read: 0.075 });
    expect(table.resolve('acme-llm')?.id).toBe('acme-llm-2026-09-01');
    expect(table.isPinned('acme-llm')).toBe(false);
    expect(table.resolve('claude-haiku-4-5')?.id).toBe('claude-haiku-4-5-20251001');
    expect(messages).toEqual([]);
  });

  it('should merge the prices option over the file, and let a model replace an alias of the same name', () => {
    const path = join(directory, 'file.json');
    writeFileSync(path, JSON.stringify({ models: { 'gpt-4o-mini-2024-07-18': { input: 0.1 } } }));
    vi.stubEnv('DRIFTWATCH_PRICE_TABLE', path);
    const table = loadModelTable({ prices: { models: { 'gpt-4o-mini': { input: 9, output: 9 } } } });
    expect(table.resolve('gpt-4o-mini-2024-07-18')?.entry.input).toBe(0.1);
    expect(table.resolve('gpt-4o-mini')).toMatchObject({ id: 'gpt-4o-mini', entry: { input: 9, output: 9 } });
    expect(table.isPinned('gpt-4o-mini')).toBe(true);
  });

  it.each([
    ['a file that does not exist', undefined, 'ENOENT'],
    ['a file that is not JSON', '{"models": ', 'JSON'],
    ['a negative price', JSON.stringify({ models: { 'x-2026-01-01': { input: -1, output: 1 } } }), 'input must'],
    ['a new model without prices', JSON.stringify({ models: { 'x-2026-01-01': { input: 1 } } }), 'output must'],
    ['an alias to nowhere', JSON.stringify({ aliases: { x: 'y-2026-01-01' } }), 'not in models'],
  ])('should report %s once and keep the bundled table', (_case, contents, reason) => {
    const path = join(directory, `bad-${reason}.json`);
    if (contents !== undefined) writeFileSync(path, contents);
    vi.stubEnv('DRIFTWATCH_PRICE_TABLE', path);
    const table = loadModelTable();
    expect(table.version).toBe(BUNDLED.version);
    expect(table.resolve('gpt-4o-mini')?.entry.input).toBe(0.15);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`DRIFTWATCH_PRICE_TABLE=${path}`);
    expect(messages[0]).toContain(reason);
  });
});
