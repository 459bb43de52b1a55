import { defaultModelTable } from '@driftwatch/processors/internal';
import { DEFAULT_ACCEPTED } from '../runner/verdict';
import type { ContextLayerOptions, TestCase } from '../types';
import { CHARACTERS_PER_TOKEN, fillerText } from './filler-text';
import { type LayerContext, optionsOf, type RunResult } from './layer-context';

/** The model's context window: the suite's override, else the model table's entry. */
export function contextWindowOf(model: string, override: number | undefined): number | undefined {
  return override ?? defaultModelTable().resolve(model)?.entry.context_window;
}

function defaultPad(field: string | undefined) {
  return (input: unknown, filler: string): unknown => {
    if (field !== undefined && typeof input === 'object' && input !== null) {
      const record = input as Record<string, unknown>;
      return { ...record, [field]: `${String(record[field] ?? '')}${filler}` };
    }
    if (typeof input === 'string') return `${filler}\n${input}`;
    throw new Error('the input is not a string: set layers.context.field or pad to say where the filler goes');
  };
}

/** Within this much of the target fill, a padded run counts as reaching it. */
const TOLERANCE = 0.01;

/**
 * Each case padded until its largest LLM call fills the model's window to each target ratio (75% and 95% by
 * default): a first run sized by an estimate from the unpadded run's tokens, and, when the measured fill misses,
 * one more sized by what that run measured. The agent must still answer correctly, escalate or refuse.
 */
export async function runContextLayer(layer: LayerContext): Promise<RunResult[]> {
  const options = optionsOf<ContextLayerOptions>(layer.suite.layers?.context);
  const model = layer.environment.model;
  const window = contextWindowOf(model, options.contextWindow);
  if (window === undefined) {
    throw new Error(`no context window for "${model}" in the model table: set layers.context.contextWindow`);
  }
  const pad = options.pad ?? defaultPad(options.field);
  const cases = options.cases
    ? layer.cases.filter((testCase) => options.cases?.includes(testCase.id))
    : layer.cases.slice(0, 1);
  const results: RunResult[] = [];
  for (const testCase of cases) {
    const base = await layer.baseline(testCase);
    const baseTokens = base.signals.maxInputTokens;
    for (const ratio of options.ratios ?? [0.75, 0.95]) {
      results.push(await runPadded({ layer, testCase, pad, ratio, window, baseTokens, options }));
    }
  }
  return results;
}

async function runPadded(options: {
  layer: LayerContext;
  testCase: TestCase;
  pad: (input: unknown, filler: string) => unknown;
  ratio: number;
  window: number;
  baseTokens: number;
  options: ContextLayerOptions;
}): Promise<RunResult> {
  const { layer, testCase, ratio, window, baseTokens } = options;
  const wantedTokens = Math.max(0, ratio * window - baseTokens);
  const attempt = (characters: number) =>
    layer.run({
      layer: 'context',
      id: `${testCase.id} fill ${ratio}`,
      testCase,
      input: options.pad(testCase.input, fillerText(characters)),
      fault: `context ${ratio}`,
      accept: options.options.accept ?? DEFAULT_ACCEPTED,
      quiet: true,
    });
  let characters = Math.round(wantedTokens * CHARACTERS_PER_TOKEN);
  let result = await attempt(characters);
  const measured = result.signals.maxInputTokens - baseTokens;
  const fill = result.signals.contextFill;
  if (fill !== undefined && Math.abs(fill - ratio) > TOLERANCE && measured > 0) {
    characters = Math.round((characters * wantedTokens) / measured);
    result = await attempt(characters);
  }
  const reached = result.signals.contextFill;
  const note = `fill ${reached === undefined ? 'not measured' : reached.toFixed(3)} of ${window} tokens (target ${ratio})`;
  const final = { ...result, notes: [...(result.notes ?? []), note] };
  layer.report(final);
  return final;
}
