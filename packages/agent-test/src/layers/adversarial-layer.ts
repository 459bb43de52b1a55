import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ACCEPTED } from '../runner/verdict';
import type { AdversarialCase, AdversarialLayerOptions, TestCase } from '../types';
import { type LayerContext, optionsOf, type RunResult } from './layer-context';

interface CorpusEntry extends AdversarialCase {
  readonly repeat?: number;
}

/** The built-in corpus (`corpus/adversarial.json` in this package), texts expanded. */
export function builtInCorpus(): AdversarialCase[] {
  const file = join(__dirname, '..', '..', 'corpus', 'adversarial.json');
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: CorpusEntry[] };
  return cases.map(({ repeat, ...entry }) => ({ ...entry, text: entry.text.repeat(repeat ?? 1) }));
}

/**
 * The guide's adversarial inputs (built in, in several languages, plus the suite's own), each put into the agent's
 * input shape: a correct answer, a refusal or an escalation passes; a confidently wrong answer or a silent
 * failure fails.
 */
export async function runAdversarialLayer(layer: LayerContext): Promise<RunResult[]> {
  const options = optionsOf<AdversarialLayerOptions>(layer.suite.layers?.adversarial);
  const example = layer.cases[0]?.input;
  const corpus = [...builtInCorpus(), ...(options.cases ?? [])].filter(
    (entry) => options.classes === undefined || options.classes.includes(entry.class),
  );
  const results: RunResult[] = [];
  for (const entry of corpus) {
    const id = `${entry.class}/${entry.id}`;
    const testCase: TestCase = {
      id,
      input: options.input ? options.input(entry.text, example, id) : entry.text,
      checks: [...(entry.checks ?? []), ...(options.checks ?? [])],
    };
    results.push(await layer.run({ layer: 'adversarial', id, testCase, accept: options.accept ?? DEFAULT_ACCEPTED }));
  }
  return results;
}
