import { createServer } from 'node:http';
import { closeServer, listen, urlHost } from '../shared/http-server';
import type { OtlpReceiver, OtlpReceiverOptions } from '../types';
import { handleExportRequest } from './export-request-handler';
import { ReceivedTelemetry } from './received-telemetry';
import { waitForTelemetry } from './wait-for-telemetry';

/**
 * Starts an OTLP/HTTP receiver for tests: `POST /v1/traces`, `/v1/metrics` and `/v1/logs` in protobuf or JSON,
 * gzip or not, decoded to flat lists of spans, metric points and log records. Put `receiver.url` in
 * OTEL_EXPORTER_OTLP_ENDPOINT (or `${receiver.url}/v1/traces` in an exporter's `url`).
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const telemetry = new ReceivedTelemetry();
  const server = createServer((request, response) => {
    handleExportRequest({ request, response, telemetry, respondWith: options.respondWith }).catch(() => {
      response.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen({ server, port: options.port ?? 0, host });
  let closing: Promise<void> | undefined;
  const receiver: OtlpReceiver = {
    url: `http://${urlHost(host)}:${port}`,
    port,
    get requests() {
      return telemetry.requests;
    },
    spans: () => [...telemetry.spans],
    metrics: () => [...telemetry.metricPoints],
    logs: () => [...telemetry.logRecords],
    waitFor: (predicate, waitOptions) =>
      waitForTelemetry({ receiver, telemetry, predicate, ...(waitOptions ? { waitOptions } : {}) }),
    reset: () => telemetry.reset(),
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
  };
  return receiver;
}
