import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '../../src/index';

export interface MockLlmSuite<Client> {
  server: MockLlmServer;
  client: Client;
}

/** One mock LLM server for the suite, and a client of the caller's making pointed at it. */
export function useMockLlm<Client>(createClient: (baseURL: string) => Client): MockLlmSuite<Client> {
  const suite = {} as MockLlmSuite<Client>;
  beforeAll(async () => {
    suite.server = await startMockLlmServer();
    suite.client = createClient(suite.server.url);
  });
  afterAll(async () => {
    await suite.server.close();
  });
  return suite;
}

/** One OTLP receiver for the suite, emptied before each test. */
export function useOtlpReceiver(): { receiver: OtlpReceiver } {
  const suite = {} as { receiver: OtlpReceiver };
  beforeAll(async () => {
    suite.receiver = await startOtlpReceiver();
  });
  beforeEach(() => {
    suite.receiver.reset();
  });
  afterAll(async () => {
    await suite.receiver.close();
  });
  return suite;
}
