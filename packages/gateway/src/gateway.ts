import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { OtlpContentType, OtlpSignal } from '@driftwatch/otlp-proto';
import { ATTR_DRIFTWATCH_GATEWAY_REPLICA, DRIFTWATCH_COMPONENT_VALUE_GATEWAY_CONTENT } from '@driftwatch/semconv';
import { diag } from '@opentelemetry/api';
import { type DropContext, REDACTION_COMPONENT, REDACTION_FAILED_REASON } from './drop-wording';
import { ExportQueue } from './export/export-queue';
import { createLogExporter } from './export/log-export';
import { MetricDeliveries } from './export/metric-deliveries';
import { createMetricExporter, metricExportIntervalMillis } from './export/metric-export';
import { displayUrl, type NextHop, nextHopOf } from './export/next-hop';
import { GatewayMetrics } from './gateway-metrics';
import { type ExportRequest, encodeExportRequest } from './otlp/otlp-codec';
import { spliceTraces } from './otlp/splice-traces';
import { AwaitingContent } from './process/awaiting-content';
import { readLogContent } from './process/log-content';
import { observeMetrics } from './process/observe-metrics';
import { PendingContent } from './process/pending-content';
import { type ProcessedTraces, processTraces } from './process/process-traces';
import { SourceRegistry } from './process/source-registry';
import { handleRequest, type SignalHandler } from './server/handle-request';
import type { Gateway, GatewayOptions } from './types';
import { warnIfOpen } from './warn-if-open';

const SIGNALS: readonly OtlpSignal[] = ['traces', 'metrics', 'logs'];

/** How long {@link Gateway.shutdown} waits for the next hop by default: well within Docker's 10 s stop timeout. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5_000;

/** Processed spans in the outgoing protocol: spliced into the received protobuf when both are protobuf. */
function tracesBody(options: {
  request: ExportRequest;
  received: { body: Buffer; contentType: string };
  processed: ProcessedTraces;
  contentType: OtlpContentType;
}): Uint8Array {
  const { request, received, processed, contentType } = options;
  if (received.contentType === 'application/x-protobuf' && contentType === 'application/x-protobuf') {
    try {
      return spliceTraces(received.body, processed.patches);
    } catch {
      // Bytes protobufjs read but the splicer does not (a layout it does not expect): encode the whole request.
    }
  }
  processed.applyToRequest();
  return encodeExportRequest({ signal: 'traces', contentType, request });
}

function countLogRecords(request: ExportRequest): number {
  let records = 0;
  for (const resource of (request.resourceLogs ?? []) as Array<{ scopeLogs?: Array<{ logRecords?: unknown[] }> }>) {
    for (const scope of resource.scopeLogs ?? []) records += scope.logRecords?.length ?? 0;
  }
  return records;
}

/**
 * Starts the gateway: OTLP/HTTP in, spans normalized to the GenAI conventions and processed as in-process
 * Driftwatch processes them, metrics derived per source app, everything sent on to the next hop named by the
 * standard `OTEL_EXPORTER_OTLP_*` variables.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const replica = options.replica ?? process.env.DRIFTWATCH_GATEWAY_REPLICA ?? hostname();
  const exportIntervalMillis = options.metricExportIntervalMillis ?? metricExportIntervalMillis();
  const replicaAttribute = { [ATTR_DRIFTWATCH_GATEWAY_REPLICA]: replica };
  const hops = Object.fromEntries(SIGNALS.map((signal) => [signal, nextHopOf(signal)])) as Record<OtlpSignal, NextHop>;
  const maxRetryMillis = options.maxRetryMillis ?? 30_000;
  const maxSources = options.maxSources ?? 1000;
  // Log content and its call's span meet within a minute, whichever comes first: the content waits for its span,
  // or the span's evaluators wait for its content (the span itself is never held back).
  const contentWindowMillis = 60_000;
  const dropContext: DropContext = {
    nextHops: Object.fromEntries(SIGNALS.map((signal) => [signal, displayUrl(hops[signal].url)])) as Record<
      OtlpSignal,
      string
    >,
    maxRetryMillis,
    contentWindowMillis,
    maxSources,
  };
  /** Aborted at the shutdown deadline: the final exports still waiting for the next hop are given up and counted. */
  const shutdownDeadline = new AbortController();
  const deliveries = new MetricDeliveries({
    hop: dropContext.nextHops.metrics,
    exportIntervalMillis,
    deadline: shutdownDeadline.signal,
  });
  const metricExporter = (owner: 'sources' | 'gateway') =>
    createMetricExporter({ hop: hops.metrics, replicaAttribute, exportIntervalMillis, watch: deliveries.watch(owner) });
  const own = new GatewayMetrics({
    exporter: metricExporter('gateway'),
    exportIntervalMillis,
    replica,
    context: dropContext,
  });
  const queues = Object.fromEntries(
    SIGNALS.map((signal) => [
      signal,
      new ExportQueue({
        hop: hops[signal],
        maxBytes: options.maxQueueBytes ?? 64 * 1024 * 1024,
        concurrency: 4,
        maxRetryMillis,
        onDrop: (items, reason) => own.drop(`gateway.export.${signal}`, reason, items),
      }),
    ]),
  ) as Record<OtlpSignal, ExportQueue>;
  const sources = new SourceRegistry({
    createExporter: () => metricExporter('sources'),
    createLogExporter: () => createLogExporter(hops.logs, shutdownDeadline.signal),
    onEventsDropped: (reason, records) => own.drop('gateway.evaluation_events', reason, records),
    exportIntervalMillis,
    maxSources,
    maxTraces: options.maxTraces ?? 20_000,
    maxTraceSpans: options.maxTraceSpans ?? 200_000,
    maxTraceAgeMillis: options.maxTraceAgeMillis ?? 600_000,
    maxHeldSpans: options.maxHeldSpans ?? 1_000_000,
    repeatWindowMillis: 24 * 60 * 60 * 1000,
    onEvicted: () => own.drop('gateway.sources', 'source_limit'),
  });
  const dropSourceAttributes = options.dropSourceAttributes ?? false;
  const redactContent = options.redactContent ?? true;
  const onRedactionFailed = (error: unknown) => {
    // Only the error's class: its message may quote the content being redacted. Logged once, by own.drop.
    own.drop(REDACTION_COMPONENT, REDACTION_FAILED_REASON);
    diag.debug(`@driftwatch/gateway: redaction failed (${error instanceof Error ? error.name : typeof error})`);
  };
  const pending = new PendingContent({ maxEntries: 10_000, maxAgeMillis: contentWindowMillis });
  const awaiting = new AwaitingContent({
    maxCalls: 10_000,
    maxAgeMillis: contentWindowMillis,
    maxSettled: 10_000,
    onDropped: (reason) => own.drop(DRIFTWATCH_COMPONENT_VALUE_GATEWAY_CONTENT, reason),
  });
  const now = options.now ?? Date.now;

  /** The body to send on: the received bytes when the protocols match, else the decoded request re-encoded. */
  const passThrough = (signal: OtlpSignal, request: ExportRequest, received: { body: Buffer; contentType: string }) =>
    hops[signal].contentType === received.contentType
      ? received.body
      : encodeExportRequest({ signal, contentType: hops[signal].contentType, request });

  const handler: SignalHandler = {
    queueFull: (signal) => queues[signal].isFull(),
    process(signal, request, received) {
      try {
        const nowMillis = now();
        if (signal === 'metrics') {
          return { items: observeMetrics(request, sources), body: passThrough(signal, request, received) };
        }
        awaiting.expire(nowMillis);
        if (signal === 'logs') {
          for (const [key, messages] of readLogContent(request)) {
            if (!awaiting.receive(key, messages)) pending.add(key, messages, nowMillis);
          }
          return { items: countLogRecords(request), body: passThrough(signal, request, received) };
        }
        const processed = processTraces(request, {
          sources,
          dropSourceAttributes,
          pending,
          awaiting,
          nowMillis,
          redactContent,
          onRedactionFailed,
        });
        return {
          items: processed.spans,
          body: tracesBody({ request, received, processed, contentType: hops.traces.contentType }),
        };
      } catch (error) {
        // A bug here must not lose the sender's data: it is forwarded as received.
        own.drop(`gateway.process.${signal}`, 'internal_error');
        diag.error('@driftwatch/gateway: processing failed', error);
        return { items: 1, body: passThrough(signal, request, received) };
      }
    },
    forward(signal, body, items) {
      if (items > 0) queues[signal].enqueue(body, items);
    },
  };

  let ready = false;
  const inFlight = { count: 0, max: options.maxConcurrentExports ?? 32 };
  const server = createServer((request, response) => {
    handleRequest(
      {
        handler,
        inFlight,
        token: options.token,
        maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
        isReady: () => ready,
      },
      request,
      response,
    ).catch((error: unknown) => {
      diag.error('@driftwatch/gateway: request failed', error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4319, options.host ?? '127.0.0.1', () => resolve());
  });
  ready = true;
  const address = server.address() as AddressInfo;
  warnIfOpen(address, options.token);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    shutdown(timeoutMillis = DEFAULT_SHUTDOWN_TIMEOUT_MILLIS) {
      stopping ??= (async () => {
        ready = false;
        own.beginShutdown();
        deliveries.beginShutdown();
        const deadline = Date.now() + timeoutMillis;
        const remaining = () => Math.max(0, deadline - Date.now());
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Exports being received get a quarter of the time, the queues half of what is left, the final metrics
        // and evaluation events the rest; then whatever still waits for the next hop is given up and counted.
        await Promise.race([closed, delay(remaining() / 4, undefined, { ref: false })]);
        server.closeAllConnections();
        await Promise.all(SIGNALS.map((signal) => queues[signal].close(remaining() / 2)));
        awaiting.close();
        const flushed = Promise.allSettled([sources.shutdown(), own.provider.shutdown()]);
        await Promise.race([flushed, delay(remaining(), undefined, { ref: false })]);
        shutdownDeadline.abort();
        // Exports given up settle at once; their records are counted within a few turns of the event loop.
        await Promise.race([flushed, delay(50, undefined, { ref: false })]);
        for (const line of [...own.shutdownSummary(), ...deliveries.shutdownSummary()]) {
          diag.warn(`@driftwatch/gateway: at shutdown, ${line}`);
        }
      })();
      return stopping;
    },
  };
}
