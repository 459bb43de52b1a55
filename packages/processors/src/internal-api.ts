/**
 * `@driftwatch/processors/internal`: what `@driftwatch/instrumentation` shares with this package. Not part of the
 * public API: undocumented, and it may change in any release.
 */
import { contentChannel } from './evaluation/content-channel';

export { CREDENTIAL_SHAPES, luhnValid } from './evaluation/credentials';
export { readRequirePinnedModels } from './internal/environment';
export { counterFor, histogramFor } from './internal/instrument-for';
export { asArray, asRecord, asString, type UnknownRecord } from './internal/readers';
export {
  CAPTURE_CONTENT_ENVIRONMENT,
  DEFAULT_SETTINGS,
  type DriftwatchSettings,
  type DriftwatchSettingsOptions,
  readBooleanEnvironment,
  readPositiveIntegerEnvironment,
  resolveSettings,
  type StreamUsageMode,
} from './internal/settings';
export { defaultModelTable } from './model-table/load-model-table';

/** Whether some quality processor has evaluators, so producers should keep content for them (cheap). */
export function evaluatorsWantContent(): boolean {
  return contentChannel.active;
}
export { EVALUATION_EVENTS_ENVIRONMENT } from './evaluation/evaluation-environment';
