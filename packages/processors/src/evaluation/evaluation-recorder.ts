import {
  ATTR_DRIFTWATCH_DROP_REASON,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  EVENT_GEN_AI_EVALUATION_RESULT,
  GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL,
} from '@driftwatch/semconv';
import type { Attributes, Context, Logger, LoggerProvider } from '@opentelemetry/api';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../internal/package-info';
import type { ProcessorInstruments } from '../internal/processor-instruments';
import { redactSecrets } from '../redaction/redact-secrets';
import { globalLoggerProvider } from './global-logger-provider';
import type { EvaluationEvents } from './types';

/** The span an evaluation is about, and its metric labels. */
export interface EvaluationSubject {
  /** A context holding the evaluated span: the event's parent. */
  readonly context: Context | undefined;
  readonly agentName: string | undefined;
  readonly requestModel: string | undefined;
  readonly responseId: string | undefined;
}

/** A validated result: a score in 0..1 and a label. */
export interface ScoredResult {
  readonly score: number;
  readonly label: string;
  readonly explanation?: string;
}

/** `SeverityNumber.INFO` and `WARN` as numbers: the enum is not in `@opentelemetry/api` before 1.10. */
const SEVERITY_INFO = 9;
const SEVERITY_WARN = 13;

/** Longest explanation put on an event, in characters. */
const MAX_EXPLANATION_LENGTH = 2048;
/** Redacted before it is cut to {@link MAX_EXPLANATION_LENGTH}, so no part of a secret across the cut survives. */
const REDACTION_MARGIN = 1024;

/**
 * An explanation or a feedback comment as it may be exported: secrets redacted (a judge quoting the key it found,
 * a user pasting one in a comment), then bounded.
 */
function redactedExplanation(explanation: string): string {
  return redactSecrets(explanation.slice(0, MAX_EXPLANATION_LENGTH + REDACTION_MARGIN)).slice(
    0,
    MAX_EXPLANATION_LENGTH,
  );
}

export interface EvaluationRecorderOptions {
  readonly instruments: ProcessorInstruments;
  readonly loggerProvider: LoggerProvider | undefined;
  readonly captureContent: boolean;
  readonly events: EvaluationEvents;
}

/**
 * Turns evaluation results into telemetry: the `gen_ai.evaluation.result` event (parented to the evaluated span,
 * explanation only with content capture on, secrets redacted), the score histogram and the failure counter by evaluation, agent
 * and model, and the drop counter. The LoggerProvider is resolved at each event, like the meter, so a recorder
 * built before `NodeSDK.start()` emits through the provider it registers.
 */
export class EvaluationRecorder {
  readonly captureContent: boolean;
  private readonly options: EvaluationRecorderOptions;
  /** The logger of the provider last resolved: one `getLogger` per provider, not one per event. */
  private logger: { readonly provider: LoggerProvider; readonly logger: Logger } | undefined;

  constructor(options: EvaluationRecorderOptions) {
    this.options = options;
    this.captureContent = options.captureContent;
  }

  /** One score, already validated (`score` in 0..1, `label` set). */
  record(name: string, result: ScoredResult, subject: EvaluationSubject): void {
    const labels = metricLabels(name, subject);
    const instruments = this.options.instruments.get();
    instruments.evaluationScore.record(result.score, labels);
    const failed = result.label === GEN_AI_EVALUATION_SCORE_LABEL_VALUE_FAIL;
    if (failed) instruments.evaluationFailures.add(1, { ...labels });
    const { events } = this.options;
    if (events === 'none' || (events === 'failures' && !failed)) return;
    const attributes: Attributes = {
      [ATTR_GEN_AI_EVALUATION_NAME]: name,
      [ATTR_GEN_AI_EVALUATION_SCORE_VALUE]: result.score,
      [ATTR_GEN_AI_EVALUATION_SCORE_LABEL]: result.label,
    };
    if (this.captureContent && result.explanation !== undefined && result.explanation !== '') {
      attributes[ATTR_GEN_AI_EVALUATION_EXPLANATION] = redactedExplanation(result.explanation);
    }
    this.emit(attributes, subject, SEVERITY_INFO);
  }

  /** An evaluation that ran and failed (judge error, timeout, malformed verdict): counted, and an event with `error.type`. */
  recordError(name: string, reason: string, errorType: string, subject: EvaluationSubject): void {
    this.dropped(name, reason);
    if (this.options.events === 'none') return;
    this.emit({ [ATTR_GEN_AI_EVALUATION_NAME]: name, [ATTR_ERROR_TYPE]: errorType }, subject, SEVERITY_WARN);
  }

  /** An evaluation that could not run (queue full, budget, …): counted by name and reason. */
  dropped(name: string, reason: string): void {
    this.options.instruments
      .get()
      .evaluationDropped.add(1, { [ATTR_GEN_AI_EVALUATION_NAME]: name, [ATTR_DRIFTWATCH_DROP_REASON]: reason });
  }

  private emit(attributes: Attributes, subject: EvaluationSubject, severityNumber: number): void {
    if (subject.responseId !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = subject.responseId;
    const provider = this.options.loggerProvider ?? globalLoggerProvider();
    if (provider === undefined) return;
    if (this.logger?.provider !== provider) {
      this.logger = { provider, logger: provider.getLogger(PACKAGE_NAME, PACKAGE_VERSION) };
    }
    this.logger.logger.emit({
      eventName: EVENT_GEN_AI_EVALUATION_RESULT,
      severityNumber,
      attributes,
      context: subject.context,
    });
  }
}

function metricLabels(name: string, subject: EvaluationSubject): Attributes {
  const labels: Attributes = { [ATTR_GEN_AI_EVALUATION_NAME]: name };
  if (subject.agentName !== undefined) labels[ATTR_GEN_AI_AGENT_NAME] = subject.agentName;
  if (subject.requestModel !== undefined) labels[ATTR_GEN_AI_REQUEST_MODEL] = subject.requestModel;
  return labels;
}
