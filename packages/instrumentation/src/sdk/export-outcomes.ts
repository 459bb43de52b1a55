import type { ClientRequest } from 'node:http';
import { announce } from './announce';

/** The last outcome of an export to each collector endpoint (`host:port`). */
const lastOutcome = new Map<string, 'answered' | 'refused' | 'failed'>();
let allRefusedListeners: Array<() => void> = [];
/** Where an export went, for a log line: scheme, host and path; never credentials, query or headers. */
export function exportEndpointOf(request: ClientRequest): string {
  const path = request.path.split('?')[0] ?? '';
  return `${request.protocol}//${String(request.getHeader('host') ?? request.host)}${path}`;
}

function everyEndpointRefused(): boolean {
  if (lastOutcome.size === 0) return false;
  for (const outcome of lastOutcome.values()) if (outcome !== 'refused') return false;
  return true;
}

function record(host: string, outcome: 'answered' | 'refused' | 'failed'): void {
  lastOutcome.set(host, outcome);
  if (outcome !== 'refused' || !everyEndpointRefused()) return;
  const listeners = allRefusedListeners;
  allRefusedListeners = [];
  for (const listener of listeners) listener();
}

/** An export request ended in a network error: reported once (endpoint and reason), remembered per endpoint. */
export function exportRequestFailed(options: { host: string; endpoint: string; error: unknown }): void {
  const { code, message } = (options.error ?? {}) as { code?: unknown; message?: unknown };
  const reason = typeof code === 'string' ? code : String(message ?? 'network error');
  announce(
    'exporter.first_failure',
    `telemetry export to ${options.endpoint} failed (${reason}); telemetry that cannot be delivered is dropped ` +
      'and counted in driftwatch.telemetry.dropped. Is the collector running at OTEL_EXPORTER_OTLP_ENDPOINT?',
  );
  record(options.host, code === 'ECONNREFUSED' ? 'refused' : 'failed');
}

/** An export request got an answer: a failure status is reported once (endpoint and status). */
export function exportRequestAnswered(options: { host: string; endpoint: string; status: number }): void {
  if (options.status >= 300) {
    announce(
      'exporter.first_failure',
      `telemetry export to ${options.endpoint} failed (HTTP ${options.status}); telemetry the collector does not ` +
        'take after the exporter’s retries is dropped and counted in driftwatch.telemetry.dropped',
    );
  }
  record(options.host, 'answered');
}

/**
 * Resolves once every collector endpoint contacted from now on refused its connection (nothing is listening):
 * waiting for the exporters' retries then only delays the app's exit. Never resolves otherwise. Outcomes from
 * before the call are forgotten, so a collector that has come back since is given its chance.
 */
export function nothingListeningFromNow(): Promise<void> {
  lastOutcome.clear();
  return new Promise((resolve) => {
    allRefusedListeners.push(resolve);
  });
}
