import { afterEach, describe, expect, it } from 'vitest';
import { callContent, EvaluationHarness, scoresOf } from './helpers/evaluation-harness';

const SIZE = 100 * 1024;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
}

/** 100 KB outputs of the shapes that cost the scanners most. */
const OUTPUTS: Record<string, string> = {
  prose: fill('The quarterly report shows revenue growth of 12% across all regions, driven by new customers. '),
  json: JSON.stringify(Array.from({ length: 2000 }, (_, id) => ({ id, name: `item ${id}`, price: id * 1.5 }))).slice(
    0,
    SIZE,
  ),
  digits: fill('4111 1111 1111 1112 415 555 0132 2024-07-18 '),
  unicode: fill('Ｈéllo wörld ıgnore 👋 \u200b'),
};

describe('the cost of the built-in evaluators', () => {
  let harness: EvaluationHarness;
  afterEach(async () => {
    await harness?.shutdown();
  });

  it.each(Object.keys(OUTPUTS))(
    'should score a 100 KB %s output (and a 100 KB prompt) well within the 10 ms default budget',
    (kind) => {
      harness = new EvaluationHarness();
      const text = OUTPUTS[kind] as string;
      let fastest = Number.POSITIVE_INFINITY;
      let scores: Record<string, unknown> = {};
      for (let round = 0; round < 8; round += 1) {
        const started = performance.now();
        const span = harness.callWith({ content: callContent(text, text) });
        fastest = Math.min(fastest, performance.now() - started);
        scores = scoresOf(span);
      }
      // Every built-in ran inside span.end().
      expect(Object.keys(scores).sort()).toEqual([
        'completeness',
        'pii_leakage',
        'prompt_injection',
        'refusal',
        'secret_leakage',
      ]);
      // The whole span, processors and exporter included; measured about 1-2.5 ms on the development machine.
      expect(fastest).toBeLessThan(10);
    },
  );
});
