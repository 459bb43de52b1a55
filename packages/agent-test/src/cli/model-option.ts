import { isPinnedModel } from '@driftwatch/processors';
import { defaultModelTable } from '@driftwatch/processors/internal';

/**
 * Why `--model` is refused, or undefined: a floating alias (`gpt-4o-mini`) is refused as Driftwatch refuses one
 * for a judge, and under `DRIFTWATCH_REQUIRE_PINNED_MODELS=error`: the run would test whatever checkpoint the alias
 * points at that day, and a diff against the baseline would compare nothing fixed. Names whose pinning is unknown
 * (self-hosted models) are accepted.
 */
export function modelRefusal(model: string): string | undefined {
  if (isPinnedModel(model) !== false) return undefined;
  const checkpoint = defaultModelTable().resolve(model)?.id;
  const suggestion =
    checkpoint === undefined || checkpoint === model
      ? 'a dated checkpoint'
      : `a dated checkpoint such as "${checkpoint}" (what it points at today)`;
  return `--model "${model}" is a floating alias: name ${suggestion}, so the run and its baseline diff test one fixed model`;
}
