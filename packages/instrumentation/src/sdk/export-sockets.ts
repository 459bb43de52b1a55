import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { reportInternalError } from '../internal/guard';
import { exportEndpointOf, exportRequestAnswered, exportRequestFailed } from './export-outcomes';

const ENDPOINT_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
];

/** `host:port` of every OTLP endpoint the environment names, plus the default one. */
function exportHosts(): Set<string> {
  const hosts = new Set(['localhost:4318', '127.0.0.1:4318']);
  for (const name of ENDPOINT_VARIABLES) {
    const value = process.env[name];
    if (value === undefined || value.trim() === '') continue;
    try {
      const url = new URL(value);
      hosts.add(`${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`);
    } catch {
      // NodeSDK reports a malformed endpoint itself.
    }
  }
  return hosts;
}

let installed = false;
/** Export requests in flight, by the collector endpoint (`host:port`) they go to. */
const exportRequests = new WeakMap<ClientRequest, string>();

/**
 * Watches the requests the OpenTelemetry exporters send (made with tracing suppressed, to an OTLP endpoint of the
 * environment): their sockets are unref'd, and their outcomes recorded (export-outcomes.ts: the first failure is
 * reported, a refused connection ends the wait at exit). Without the unref a slow or hung collector keeps an app
 * that has finished its work alive for the exporter's timeout and retries; with it the app reaches `beforeExit`,
 * where the final flush runs within the shutdown bound. Idempotent.
 */
export function unrefExportSockets(): void {
  if (installed) return;
  installed = true;
  try {
    const hosts = exportHosts();
    subscribe('http.client.request.error', (message) => {
      try {
        const { request, error } = message as { request: ClientRequest; error: unknown };
        const host = exportRequests.get(request);
        if (host !== undefined) exportRequestFailed({ host, endpoint: exportEndpointOf(request), error });
      } catch (error) {
        reportInternalError('export-sockets', error);
      }
    });
    subscribe('http.client.response.finish', (message) => {
      try {
        const { request, response } = message as { request: ClientRequest; response: { statusCode?: number } };
        const host = exportRequests.get(request);
        if (host === undefined) return;
        exportRequestAnswered({ host, endpoint: exportEndpointOf(request), status: response.statusCode ?? 0 });
      } catch (error) {
        reportInternalError('export-sockets', error);
      }
    });
    subscribe('http.client.request.start', (message) => {
      try {
        if (!isTracingSuppressed(context.active())) return;
        const request = (message as { request: ClientRequest }).request;
        const host = String(request.getHeader('host') ?? '');
        const withPort = host.includes(':') ? host : `${host}:${request.protocol === 'https:' ? '443' : '80'}`;
        if (!hosts.has(withPort)) return;
        exportRequests.set(request, withPort);
        const release = (socket: Socket) => {
          // The agent refs a socket when it hands it to a request; unref defers itself until connected.
          socket.unref();
        };
        if (request.socket) release(request.socket);
        request.on('socket', release);
      } catch (error) {
        reportInternalError('export-sockets', error);
      }
    });
  } catch (error) {
    reportInternalError('export-sockets', error);
  }
}
