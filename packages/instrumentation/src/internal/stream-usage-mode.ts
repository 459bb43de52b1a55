import { diag } from '@opentelemetry/api';

/**
 * When Driftwatch adds `stream_options.include_usage` to a streamed chat completion that did not ask for it:
 * `auto` only where the endpoint is known to accept the field (the OpenAI API; Azure OpenAI at an api-version that
 * has it), `always` on every endpoint, `never` nowhere.
 */
export type StreamUsageMode = 'auto' | 'always' | 'never';

export const STREAM_USAGE_ENVIRONMENT = 'DRIFTWATCH_STREAM_USAGE';

/**
 * `true` (the former default) keeps meaning the default, `auto`: reading it as `always` would send the field to
 * providers that reject it. `false` is `never`.
 */
const MODE_BY_VALUE: Readonly<Record<string, StreamUsageMode>> = {
  auto: 'auto',
  true: 'auto',
  always: 'always',
  never: 'never',
  false: 'never',
};

export function streamUsageModeOf(value: boolean | StreamUsageMode | undefined): StreamUsageMode | undefined {
  if (value === undefined) return undefined;
  return MODE_BY_VALUE[String(value)];
}

/** `DRIFTWATCH_STREAM_USAGE`: `auto` (default), `always`, `never`; `true`/`false` as aliases of `auto`/`never`. */
export function readStreamUsageEnvironment(): StreamUsageMode {
  const raw = process.env[STREAM_USAGE_ENVIRONMENT];
  if (raw === undefined || raw.trim() === '') return 'auto';
  const mode = MODE_BY_VALUE[raw.trim().toLowerCase()];
  if (mode !== undefined) return mode;
  diag.warn(
    `@driftwatch/instrumentation: ${STREAM_USAGE_ENVIRONMENT}=${JSON.stringify(raw)} is not auto, always or never; using auto`,
  );
  return 'auto';
}
