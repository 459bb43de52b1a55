export { startMockLlmServer } from './mock-server/start-mock-llm-server';
export { startOtlpReceiver } from './otlp-receiver/start-otlp-receiver';
export { closedPort, closedPortUrl } from './shared/closed-port';
export type {
  FaultName,
  MockFaultRule,
  MockLlmServer,
  MockLlmServerOptions,
  MockLlmServerStats,
  MockScenario,
  MockScriptedResponse,
  ModelUsageStats,
  OtlpReceiver,
  OtlpReceiverOptions,
  OtlpSignal,
  ReceivedLogRecord,
  ReceivedMetricPoint,
  ReceivedMetricType,
  ReceivedRequest,
  ReceivedScope,
  ReceivedSpan,
  ReceivedSpanEvent,
  ReceivedSpanLink,
  RecordedRequest,
  TokenTotals,
  UnknownFieldStyle,
  WaitForOptions,
} from './types';
