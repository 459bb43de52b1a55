import { isPinnedModel, UnpinnedModelError } from '@driftwatch/processors';
import { defaultModelTable } from '@driftwatch/processors/internal';
import { reportInternalError } from '../internal/guard';

/**
 * `DRIFTWATCH_REQUIRE_PINNED_MODELS=error`: the refusal of a request that names a floating alias, or undefined.
 * Never throws itself; a failure to decide lets the call through.
 */
export function floatingModelRefusal(model: unknown, component: string): UnpinnedModelError | undefined {
  try {
    if (typeof model !== 'string' || isPinnedModel(model) !== false) return undefined;
    return new UnpinnedModelError(model, defaultModelTable().resolve(model)?.id);
  } catch (error) {
    reportInternalError(`${component}.pinning`, error);
    return undefined;
  }
}
