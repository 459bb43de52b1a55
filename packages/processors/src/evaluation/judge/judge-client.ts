import type { JudgeClient } from '../types';

/** Where the judge's endpoint and key come from when no client is given: its own variables, then OpenAI's. */
export const JUDGE_BASE_URL_ENVIRONMENT = 'DRIFTWATCH_JUDGE_BASE_URL';
export const JUDGE_API_KEY_ENVIRONMENT = 'DRIFTWATCH_JUDGE_API_KEY';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** A failed judge call: `status` is the HTTP status, as on the `openai` SDK's errors. */
export class JudgeHttpError extends Error {
  readonly status: number;

  constructor(status: number, body: string) {
    super(`the judge endpoint answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'JudgeHttpError';
    this.status = status;
  }
}

interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * A client for the judge that calls an OpenAI-compatible `POST {base URL}/chat/completions` with Node's `fetch`,
 * from `DRIFTWATCH_JUDGE_BASE_URL` / `DRIFTWATCH_JUDGE_API_KEY`, else `OPENAI_BASE_URL` / `OPENAI_API_KEY`.
 * One attempt: a failed judge call is counted and skipped, never retried into a provider that is already
 * struggling. The call is bounded by `timeoutMillis` and by the caller's abort signal.
 */
export function createJudgeClient(timeoutMillis: number): JudgeClient {
  const environment = process.env;
  const apiKey = environment[JUDGE_API_KEY_ENVIRONMENT] ?? environment.OPENAI_API_KEY;
  const baseURL = (environment[JUDGE_BASE_URL_ENVIRONMENT] ?? environment.OPENAI_BASE_URL ?? DEFAULT_BASE_URL).replace(
    /\/+$/,
    '',
  );
  const create = async (body: unknown, options?: CallOptions): Promise<unknown> => {
    const timeout = AbortSignal.timeout(timeoutMillis);
    const signal = options?.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (apiKey !== undefined && apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw new JudgeHttpError(response.status, await response.text().catch(() => ''));
    return response.json();
  };
  return { chat: { completions: { create: create as JudgeClient['chat']['completions']['create'] } } };
}
