import { type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AnthropicClient, AnthropicVersion } from './anthropic-versions';
import { AnthropicInstrumentation, type AnthropicInstrumentationConfig } from './driftwatch-internals';
import { InMemoryTelemetry } from './in-memory-telemetry';

export interface AnthropicTestbed {
  server: MockLlmServer;
  telemetry: InMemoryTelemetry;
  instrumentation: AnthropicInstrumentation;
  /** A client with the SDK's own tracing as it comes (on, since a tracer provider is registered). */
  client: AnthropicClient;
  /** Another client of the same SDK, built with `clientOptions`. */
  newClient(clientOptions?: Record<string, unknown>): AnthropicClient;
}

/**
 * Registers the suite hooks for one `@anthropic-ai/sdk` version: a mock LLM server, an in-memory SDK (registered
 * globally, so the Anthropic SDK's own tracing is live), the Anthropic instrumentation patched onto that version,
 * and a client pointed at the server. Telemetry, server records and the enabled state are reset after each test.
 */
export function useAnthropicTestbed(
  { Anthropic, version }: AnthropicVersion,
  config: AnthropicInstrumentationConfig = {},
): AnthropicTestbed {
  const testbed = {} as AnthropicTestbed;
  beforeAll(async () => {
    testbed.server = await startMockLlmServer();
    testbed.telemetry = new InMemoryTelemetry();
    testbed.instrumentation = new AnthropicInstrumentation(config);
    testbed.instrumentation.setTracerProvider(testbed.telemetry.tracerProvider);
    testbed.instrumentation.setMeterProvider(testbed.telemetry.meterProvider);
    if (!testbed.instrumentation.patch(Anthropic, version)) throw new Error(`could not patch ${version}`);
    testbed.newClient = (clientOptions = {}) =>
      new Anthropic({ apiKey: 'sk-ant-test', baseURL: testbed.server.anthropicUrl, maxRetries: 0, ...clientOptions });
    testbed.client = testbed.newClient();
  });
  afterEach(async () => {
    testbed.instrumentation.enable();
    testbed.instrumentation.setTracerProvider(testbed.telemetry.tracerProvider);
    await testbed.telemetry.reset();
    testbed.server.reset();
  });
  afterAll(async () => {
    testbed.instrumentation.disable();
    await testbed.telemetry.shutdown();
    await testbed.server.close();
  });
  return testbed;
}
