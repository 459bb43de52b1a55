// The start-up benchmark's smoke run, so its harness never rots: every variant's app started once (after a warm-up)
// from a folder inside the workspace (the real benchmark installs a fresh app outside it), each must exit cleanly
// and report what it used. No timing is asserted: that is the benchmark's job.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_FILES, largeDependencyFiles } from '../src/startup/app-files.mjs';
import { writeAppFiles } from '../src/startup/fresh-app.mjs';
import { measureStartup, STARTUP_VARIANTS } from '../src/startup/measure-startup.mjs';
import { formatStartupMarkdown, startupRows } from '../src/startup/startup-report.mjs';

const APP_DIRECTORY = join(__dirname, '..', '.smoke', 'startup-app');

describe('start-up bench smoke', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    mkdirSync(APP_DIRECTORY, { recursive: true });
    for (const [name, text] of Object.entries(APP_FILES)) writeFileSync(join(APP_DIRECTORY, name), text);
    writeAppFiles(APP_DIRECTORY, largeDependencyFiles());
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(APP_DIRECTORY, { recursive: true, force: true });
  });

  it('starts every variant, each exits cleanly and reports its CPU time and peak RSS', async () => {
    const results = await measureStartup({
      directory: APP_DIRECTORY,
      rounds: 1,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    expect(results.map((result) => result.variant)).toEqual(STARTUP_VARIANTS.map((variant) => variant.name));
    for (const result of results) {
      expect(result.stderr, result.variant).toBe('');
      expect(result.cpuMillis, result.variant).toBeGreaterThan(0);
      expect(result.maxRssMb, result.variant).toBeGreaterThan(0);
    }
    const markdown = formatStartupMarkdown(startupRows(results), { rounds: 1 });
    for (const variant of STARTUP_VARIANTS) expect(markdown).toContain(`| ${variant.name} |`);
  });
});
