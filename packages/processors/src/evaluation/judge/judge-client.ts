import { diag } from '@opentelemetry/api';
import { rememberSecretValues } from '../../redaction/known-secrets';
import { redactSecrets } from '../../redaction/redact-secrets';
import type { JudgeClient } from '../types';

/** Where the judge's endpoint and key come from when no client is given: its own variables, then OpenAI's. */
export const JUDGE_BASE_URL_ENVIRONMENT = 'DRIFTWATCH_JUDGE_BASE_URL';
export const JUDGE_API_KEY_ENVIRONMENT = 'DRIFTWATCH_JUDGE_API_KEY';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** A failed judge call: `status` is the HTTP status, as on the `openai` SDK's errors. */
export class JudgeHttpError extends Error {
  readonly status: number;

  constructor(status: number, body: string) {
    // The body can repeat the key the endpoint refused: redacted whole, then cut.
    super(`the judge endpoint answered ${status}: ${redactSecrets(body.slice(0, 1200)).slice(0, 200)}`);
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
 * struggling. The call is bounded by `timeoutMillis` and by the caller's abort signal. Credentials in the base URL
 * are sent as a Basic header, never in the URL (see {@link judgeEndpoint}).
 */
export function createJudgeClient(timeoutMillis: number): JudgeClient {
  const environment = process.env;
  const apiKey = environment[JUDGE_API_KEY_ENVIRONMENT] ?? environment.OPENAI_API_KEY;
  const endpoint = judgeEndpoint(
    environment[JUDGE_BASE_URL_ENVIRONMENT] ?? environment.OPENAI_BASE_URL ?? DEFAULT_BASE_URL,
    apiKey !== undefined && apiKey !== '',
  );
  rememberSecretValues([apiKey]);
  const create = async (body: unknown, options?: CallOptions): Promise<unknown> => {
    const timeout = AbortSignal.timeout(timeoutMillis);
    const signal = options?.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (apiKey !== undefined && apiKey !== '') headers.authorization = `Bearer ${apiKey}`;
    else if (endpoint.basicAuthorization !== undefined) headers.authorization = endpoint.basicAuthorization;
    const response = await fetch(`${endpoint.baseURL}/chat/completions`, {
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

interface JudgeEndpoint {
  /** Without credentials, without a trailing slash. */
  readonly baseURL: string;
  /** `Basic …` from the credentials the URL carried (`https://user:password@proxy/v1`), if any. */
  readonly basicAuthorization: string | undefined;
}

/**
 * The judge's base URL with its credentials taken out: `fetch` refuses a URL that carries them, and its error
 * would repeat them. They are sent as a Basic `Authorization` header instead, unless an API key takes that header
 * (then they are not sent, and diag says so without repeating them).
 */
function judgeEndpoint(raw: string, hasApiKey: boolean): JudgeEndpoint {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { baseURL: raw.replace(/\/+$/, ''), basicAuthorization: undefined };
  }
  if (url.username === '' && url.password === '') {
    return { baseURL: raw.replace(/\/+$/, ''), basicAuthorization: undefined };
  }
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  rememberSecretValues([url.password, password, url.username, username]);
  url.username = '';
  url.password = '';
  const baseURL = url.href.replace(/\/+$/, '');
  if (hasApiKey) {
    try {
      diag.warn(
        `@driftwatch/processors: the judge base URL carries credentials and an API key is set; the key is sent, ` +
          `the URL's credentials are not (calling ${baseURL})`,
      );
    } catch {
      // diag loggers are user code.
    }
    return { baseURL, basicAuthorization: undefined };
  }
  return { baseURL, basicAuthorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
