import type { ReceivedLogRecord } from '../types';
import type { WireLogsRequest } from './otlp-wire-types';
import { decimalString, hexId, plainAttributes, plainScope, plainValue } from './wire-values';

/** Every log record of an export request, each with its resource attributes and scope. */
export function flattenLogs(request: WireLogsRequest): ReceivedLogRecord[] {
  return (request.resourceLogs ?? []).flatMap((resourceLogs) => {
    const resource = plainAttributes(resourceLogs.resource?.attributes);
    return (resourceLogs.scopeLogs ?? []).flatMap((scopeLogs) => {
      const scope = plainScope(scopeLogs.scope);
      return (scopeLogs.logRecords ?? []).map((record) => ({
        body: plainValue(record.body),
        eventName: record.eventName ?? '',
        severityNumber: Number(record.severityNumber ?? 0) || 0,
        severityText: record.severityText ?? '',
        timeUnixNano: decimalString(record.timeUnixNano),
        observedTimeUnixNano: decimalString(record.observedTimeUnixNano),
        attributes: plainAttributes(record.attributes),
        traceId: hexId(record.traceId),
        spanId: hexId(record.spanId),
        resource,
        scope,
      }));
    });
  });
}
