import { join } from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApp } from './helpers/run-app';

const APP = join(__dirname, 'fixtures', 'app-other-instrumentation.cjs');

interface Report {
  seen: string[];
  yamlWorks: boolean;
  openaiPatched: boolean;
}

describe('register in a CommonJS app beside an instrumentation of the app’s own', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  const run = async (nodeArguments: string[]): Promise<Report> => {
    const result = await runApp({
      script: APP,
      nodeArguments,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Report;
  };

  it("should leave the app's hooks on other packages, by name and on their internal files, as they are without Driftwatch", async () => {
    const without = await run([]);
    const withRegister = await run(['--require', '@driftwatch/instrumentation/register']);
    expect(without.seen).toEqual(['openai', 'openai/client.js', 'yaml', 'yaml/dist/compose/composer.js']);
    expect(withRegister.seen.filter((name) => !name.startsWith('openai'))).toEqual([
      'yaml',
      'yaml/dist/compose/composer.js',
    ]);
    expect(withRegister.yamlWorks).toBe(true);
    expect(withRegister.openaiPatched).toBe(true);
    expect(without.openaiPatched).toBe(false);
  });

  it("should still hand openai's entry module to every hook, and skip the hook only for openai's own relative requires", async () => {
    const { seen } = await run(['--require', '@driftwatch/instrumentation/register']);
    // The documented trade-off (docs/architecture.md): no instrumentation hooks a file inside openai or the
    // Anthropic SDK, so their ~1,000 internal requires skip require-in-the-middle's resolution.
    expect(seen.filter((name) => name.startsWith('openai'))).toEqual(['openai']);
  });
});
