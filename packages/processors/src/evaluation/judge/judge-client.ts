import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { JudgeClient } from '../types';

/** Where the judge's endpoint and key come from when no client is given: its own variables, then OpenAI's. */
export const JUDGE_BASE_URL_ENVIRONMENT = 'DRIFTWATCH_JUDGE_BASE_URL';
export const JUDGE_API_KEY_ENVIRONMENT = 'DRIFTWATCH_JUDGE_API_KEY';

type OpenAIConstructor = new (options: Record<string, unknown>) => JudgeClient;

/** The app's own `openai` (resolved from the working directory), else the one this package can see. */
function loadOpenAI(): OpenAIConstructor {
  let loaded: unknown;
  try {
    loaded = createRequire(join(process.cwd(), 'package.json'))('openai');
  } catch {
    loaded = require('openai');
  }
  const exports = loaded as { OpenAI?: OpenAIConstructor; default?: OpenAIConstructor };
  const OpenAI = exports.OpenAI ?? exports.default;
  if (typeof OpenAI !== 'function') throw new Error('the openai package exports no OpenAI client');
  return OpenAI;
}

/**
 * An `openai` client for the judge, from `DRIFTWATCH_JUDGE_BASE_URL` / `DRIFTWATCH_JUDGE_API_KEY`, else
 * `OPENAI_BASE_URL` / `OPENAI_API_KEY`. No retries: a failed judge call is counted and skipped, never retried into
 * a provider that is already struggling. Throws when `openai` is not installed or no key is set.
 */
export function createJudgeClient(timeoutMillis: number): JudgeClient {
  const OpenAI = loadOpenAI();
  const environment = process.env;
  const options: Record<string, unknown> = { maxRetries: 0, timeout: timeoutMillis };
  const apiKey = environment[JUDGE_API_KEY_ENVIRONMENT] ?? environment.OPENAI_API_KEY;
  const baseURL = environment[JUDGE_BASE_URL_ENVIRONMENT] ?? environment.OPENAI_BASE_URL;
  if (apiKey !== undefined) options.apiKey = apiKey;
  if (baseURL !== undefined) options.baseURL = baseURL;
  return new OpenAI(options);
}
