/**
 * `@driftwatch/processors/internal`: what `@driftwatch/instrumentation` shares with this package. Not part of the
 * public API: undocumented, and it may change in any release.
 */
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { contentChannel } from './evaluation/content-channel';
import type { LateContentEvaluation } from './evaluation/late-content-evaluation';
import type { QualityProcessor } from './evaluation/quality-processor';

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
export { rememberSecretValues } from './redaction/known-secrets';
export {
  REDACTED,
  REDACTION_FAILED,
  type RedactionHook,
  redactSecrets,
  setRedactionFailureReporter,
  setRedactionHook,
} from './redaction/redact-secrets';
export { redactedJson, redactingReplacer } from './redaction/redact-value';
export { isSecretName } from './redaction/secret-names';

/** Whether some quality processor has evaluators, so producers should keep content for them (cheap). */
export function evaluatorsWantContent(): boolean {
  return contentChannel.active;
}
export { EVALUATION_EVENTS_ENVIRONMENT } from './evaluation/evaluation-environment';
export type { CallAwaitingContent, LateContentEvaluation } from './evaluation/late-content-evaluation';

/**
 * The evaluation of content that arrives after its span ended, of the quality processor among `processors` (those
 * of one `driftwatchProcessors()`); undefined when evaluation is off.
 */
export function lateContentEvaluationOf(processors: readonly SpanProcessor[]): LateContentEvaluation | undefined {
  // Found by its field, not `instanceof`: this entry stays free of the evaluation code `register` may not load.
  for (const processor of processors) {
    const late = (processor as Partial<QualityProcessor>).lateContent;
    if (late !== undefined) return late;
  }
  return undefined;
}
