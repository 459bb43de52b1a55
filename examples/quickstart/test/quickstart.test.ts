import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../run.mjs', import.meta.url));

describe('examples/quickstart', () => {
  it('should print the cost of its priced calls, small as it is, and no unpriced calls', async () => {
    // As a user runs it (`npm start`); a non-zero exit rejects with what it printed.
    const { stdout: output } = await promisify(execFile)(process.execPath, [RUN], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });

    const cost = /driftwatch\.llm\.cost\s+sum=(\S+) \{USD\}/.exec(output);
    expect(cost, output).not.toBeNull();
    const usd = Number(cost?.[1]);
    // A few calls on small models cost well under a cent: shown as they are, never rounded to 0.
    expect(usd).toBeGreaterThan(0);
    expect(usd).toBeLessThan(0.01);
    expect(output).not.toContain('driftwatch.llm.unpriced_calls');
    // A counter has no count: only histograms print one.
    expect(output).not.toMatch(/driftwatch\.llm\.cost\s+count=/);
  });
});
