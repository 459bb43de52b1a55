import type { HttpAnswer } from './http-status-channel';
import { errorTypeOfStatus } from './tool-outcome';

/** A server error (5xx) or a rate limit (429, or any 4xx with `retry-after`): the service did not do the work. */
function isServiceFailure({ statusCode, retryAfter }: HttpAnswer): boolean {
  return statusCode >= 500 || statusCode === 429 || (retryAfter && statusCode >= 400);
}

/**
 * The server error or rate limit that a tool's HTTP requests ended on, for a tool that returned instead of throwing
 * (`(await fetch(url)).json()` hands back the error body). A request started after that answer arrived and answered
 * with anything else (a retry or a fallback that worked) clears it; a request running at the same time (a fan-out)
 * does not. Other 4xx answers (404 not found…) are often the tool's legitimate answer and never count.
 */
export class StandingHttpFailure {
  private failure: HttpAnswer | undefined;

  note(answer: HttpAnswer): void {
    if (isServiceFailure(answer)) this.failure = answer;
    else if (this.failure !== undefined && answer.startedAt > this.failure.answeredAt) this.failure = undefined;
  }

  /** `error.type` for the failure still standing (`500`, `503`, `rate_limited`), if any. */
  errorType(): string | undefined {
    const { failure } = this;
    return failure === undefined ? undefined : errorTypeOfStatus(failure.statusCode, failure.retryAfter);
  }
}
