import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { type GatewayProcess, spawnGateway } from './gateway-process';

/** The testkit's mock LLM and OTLP receiver, and the built gateway between an app and that receiver. */
export interface GatewayStack {
  readonly mock: MockLlmServer;
  readonly receiver: OtlpReceiver;
  readonly gateway: GatewayProcess;
  close(): Promise<void>;
}

/** Starts the stack; derived metrics are exported every 200 ms unless `env` says otherwise. */
export async function startGatewayStack(env: Record<string, string> = {}): Promise<GatewayStack> {
  const mock = await startMockLlmServer();
  const receiver = await startOtlpReceiver();
  const gateway = await spawnGateway({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_METRIC_EXPORT_INTERVAL: '200', ...env },
  });
  return {
    mock,
    receiver,
    gateway,
    async close() {
      await gateway.stop();
      await receiver.close();
      await mock.close();
    },
  };
}
