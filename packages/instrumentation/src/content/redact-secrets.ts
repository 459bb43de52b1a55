import { redactSecrets, setRedactionFailureReporter } from '@driftwatch/processors/internal';
import { type Span, SpanStatusCode } from '@opentelemetry/api';
import { countDropped, reportInternalError } from '../internal/guard';

// The one redactor lives in @driftwatch/processors (the evaluation recorder and the judge use it too); here a
// failing user hook is counted in the instrumentation's `driftwatch.telemetry.dropped` and logged once.
setRedactionFailureReporter((error) => {
  if (error === undefined) countDropped('redaction', 'hook_returned_non_string');
  // Only the error's class reaches diag: its message may quote the text the hook was redacting.
  else
    reportInternalError(
      'redaction.hook',
      new Error(`the redaction hook threw ${error instanceof Error ? error.name : typeof error}`),
    );
});

export { type RedactionHook, redactSecrets, setRedactionHook } from '@driftwatch/processors/internal';

/**
 * Records an exception event and ERROR status with the message, stack and status message redacted: an app's
 * error messages can carry what a prompt would (a token in a URL, a password in a connection string), and a
 * provider's error can repeat the key it refused.
 */
export function recordRedactedException(span: Span, error: unknown, statusMessage: string): void {
  if (error instanceof Error) {
    span.recordException({
      name: error.name,
      message: redactSecrets(error.message),
      stack: error.stack === undefined ? undefined : redactSecrets(error.stack),
    });
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message: redactSecrets(statusMessage) });
}
