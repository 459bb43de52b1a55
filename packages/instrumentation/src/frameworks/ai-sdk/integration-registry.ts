import { lazyModule } from '../shared/lazy-module';
import type { AISDKHost } from './host';

/** Marks Driftwatch's integration in `globalThis.AI_SDK_TELEMETRY_INTEGRATIONS` (shared by every copy of `ai`). */
export const INTEGRATION_MARKER = Symbol.for('driftwatch.ai_sdk.integration');

/**
 * Driftwatch's integration as the AI SDK sees it: the bridge's code (spans, agent runs, tools) loads the first time
 * an AI SDK call reads the integration, not with `register` (start-up cost for apps without the AI SDK).
 */
function lazyIntegration(host: AISDKHost): object {
  const loaded = lazyModule(() =>
    (require('./telemetry-integration') as typeof import('./telemetry-integration')).createTelemetryIntegration(host),
  );
  return new Proxy<Record<PropertyKey, unknown>>(
    { [INTEGRATION_MARKER]: true },
    {
      get: (_target, key) => (key === INTEGRATION_MARKER ? true : loaded()[key]),
      has: (_target, key) => key === INTEGRATION_MARKER || key in loaded(),
      ownKeys: () => Reflect.ownKeys(loaded()),
      getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(loaded(), key),
    },
  );
}

/** Adds the integration to the registry every copy of `ai` (6 and 7) reads, once per process. */
export function registerTelemetryIntegration(host: AISDKHost): void {
  const global = globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] };
  const registry = Array.isArray(global.AI_SDK_TELEMETRY_INTEGRATIONS) ? global.AI_SDK_TELEMETRY_INTEGRATIONS : [];
  global.AI_SDK_TELEMETRY_INTEGRATIONS = registry;
  const registered = (integration: unknown) =>
    typeof integration === 'object' && integration !== null && INTEGRATION_MARKER in integration;
  if (registry.some(registered)) return;
  registry.push(lazyIntegration(host));
}
