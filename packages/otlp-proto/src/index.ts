export type { Message, Type } from 'protobufjs';
export { type OtlpContentType, otlpContentType } from './otlp-content-type';
export { exportRequestType } from './otlp-proto-schema';
export { type OtlpSignal, SIGNAL_BY_PATH } from './otlp-signal';
