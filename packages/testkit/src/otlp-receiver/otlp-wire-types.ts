/**
 * An export request as plain objects, the same camelCase shape whether it came from protobuf (ids and bytes as
 * Uint8Array, 64-bit integers as decimal strings) or from OTLP/JSON (ids as hex, bytes as base64, 64-bit integers as
 * strings or numbers, enums as numbers or names). Every field may be missing: the input is untrusted.
 */

export type WireLong = string | number;
export type WireBytes = Uint8Array | string;
export type WireEnum = number | string;

export interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: WireLong;
  doubleValue?: number | string;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: WireBytes;
}

export interface WireKeyValue {
  key?: string;
  value?: WireAnyValue;
}

export interface WireResource {
  attributes?: WireKeyValue[];
}

export interface WireScope {
  name?: string;
  version?: string;
}

export interface WireSpan {
  traceId?: WireBytes;
  spanId?: WireBytes;
  traceState?: string;
  parentSpanId?: WireBytes;
  name?: string;
  kind?: WireEnum;
  startTimeUnixNano?: WireLong;
  endTimeUnixNano?: WireLong;
  attributes?: WireKeyValue[];
  events?: Array<{ timeUnixNano?: WireLong; name?: string; attributes?: WireKeyValue[] }>;
  links?: Array<{ traceId?: WireBytes; spanId?: WireBytes; attributes?: WireKeyValue[] }>;
  status?: { message?: string; code?: WireEnum };
}

export interface WireTracesRequest {
  resourceSpans?: Array<{ resource?: WireResource; scopeSpans?: Array<{ scope?: WireScope; spans?: WireSpan[] }> }>;
}

export interface WireDataPoint {
  attributes?: WireKeyValue[];
  startTimeUnixNano?: WireLong;
  timeUnixNano?: WireLong;
  asDouble?: number | string;
  asInt?: WireLong;
  count?: WireLong;
  sum?: number | string;
  min?: number | string;
  max?: number | string;
  bucketCounts?: WireLong[];
  explicitBounds?: Array<number | string>;
  scale?: number;
  zeroCount?: WireLong;
  positive?: { offset?: number; bucketCounts?: WireLong[] };
  negative?: { offset?: number; bucketCounts?: WireLong[] };
  quantileValues?: Array<{ quantile?: number | string; value?: number | string }>;
}

export interface WirePointList {
  dataPoints?: WireDataPoint[];
  aggregationTemporality?: WireEnum;
  isMonotonic?: boolean;
}

export interface WireMetric {
  name?: string;
  description?: string;
  unit?: string;
  gauge?: WirePointList;
  sum?: WirePointList;
  histogram?: WirePointList;
  exponentialHistogram?: WirePointList;
  summary?: WirePointList;
}

export interface WireMetricsRequest {
  resourceMetrics?: Array<{
    resource?: WireResource;
    scopeMetrics?: Array<{ scope?: WireScope; metrics?: WireMetric[] }>;
  }>;
}

export interface WireLogRecord {
  timeUnixNano?: WireLong;
  observedTimeUnixNano?: WireLong;
  severityNumber?: WireEnum;
  severityText?: string;
  body?: WireAnyValue;
  attributes?: WireKeyValue[];
  traceId?: WireBytes;
  spanId?: WireBytes;
  eventName?: string;
}

export interface WireLogsRequest {
  resourceLogs?: Array<{
    resource?: WireResource;
    scopeLogs?: Array<{ scope?: WireScope; logRecords?: WireLogRecord[] }>;
  }>;
}
