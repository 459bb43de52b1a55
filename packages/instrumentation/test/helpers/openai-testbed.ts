import type { OpenAIInstrumentationConfig } from '@driftwatch/instrumentation';
import { type MockLlmServer, startMockLlmServer } from '@driftwatch/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { InMemoryTelemetry } from './in-memory-telemetry';
import type { OpenAIConstructor, OpenAIVersion } from './openai-versions';

export interface OpenAITestbed {
  server: MockLlmServer;
  telemetry: InMemoryTelemetry;
  client: InstanceType<OpenAIConstructor>;
}

/**
 * Registers the suite hooks for one `openai` version: a mock LLM server, an in-memory SDK with the OpenAI
 * instrumentation patched onto that version, and a client pointed at the server. Telemetry, server records and
 * the enabled state and the configuration are reset after each test.
 */
export function useOpenAITestbed(
  { OpenAI, version }: OpenAIVersion,
  config: OpenAIInstrumentationConfig = {},
): OpenAITestbed {
  const testbed = {} as OpenAITestbed;
  beforeAll(async () => {
    testbed.server = await startMockLlmServer();
    testbed.telemetry = new InMemoryTelemetry(config);
    if (!testbed.telemetry.instrumentation.patch(OpenAI, version)) throw new Error(`could not patch ${version}`);
    testbed.client = new OpenAI({ apiKey: 'sk-test', baseURL: testbed.server.url, maxRetries: 0 });
  });
  afterEach(async () => {
    testbed.telemetry.instrumentation.enable();
    testbed.telemetry.instrumentation.setConfig(config);
    testbed.telemetry.instrumentation.setTracerProvider(testbed.telemetry.tracerProvider);
    await testbed.telemetry.reset();
    testbed.server.reset();
  });
  afterAll(async () => {
    await testbed.telemetry.shutdown();
    await testbed.server.close();
  });
  return testbed;
}
