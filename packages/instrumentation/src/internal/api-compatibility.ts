import * as api from '@opentelemetry/api';

/**
 * Why `register` cannot start on the `@opentelemetry/api` this app resolves, or undefined when it can. Its SDK is
 * OpenTelemetry JS 3.x, which needs api 1.10 (the first with the logs API); an app on 2.x (api 1.9) keeps its own
 * NodeSDK and adds Driftwatch's instrumentations and processors to it instead.
 */
export function registerUnsupportedReason(): string | undefined {
  if ((api as { logs?: unknown }).logs !== undefined) return undefined;
  return (
    '@driftwatch/instrumentation: register needs @opentelemetry/api 1.10 or later (OpenTelemetry JS 3.x) and this ' +
    'app has an older one, so Driftwatch did not start and your app runs without it. Upgrade @opentelemetry/api, ' +
    "or add Driftwatch's instrumentations and processors to your own NodeSDK (README: Your own NodeSDK)."
  );
}
