#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readPositiveIntegerEnvironment } from '@driftwatch/processors/internal';
import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { DEFAULT_SHUTDOWN_TIMEOUT_MILLIS, startGateway } from './gateway';

/** Milliseconds the final flush may take on SIGTERM/SIGINT (the same variable as in-process Driftwatch). */
const SHUTDOWN_TIMEOUT_ENVIRONMENT = 'DRIFTWATCH_SHUTDOWN_TIMEOUT_MS';

/** `false` turns off the redaction of credentials in the content forwarded (as `--no-redact-content` does). */
const REDACT_CONTENT_ENVIRONMENT = 'DRIFTWATCH_GATEWAY_REDACT_CONTENT';

const USAGE = `Usage: driftwatch-gateway [--host 127.0.0.1] [--port 4319] [--drop-source-attributes] [--no-redact-content]

OTLP/HTTP in (/v1/traces, /v1/metrics, /v1/logs), GenAI spans normalized and processed by Driftwatch, OTLP out to
OTEL_EXPORTER_OTLP_ENDPOINT (or the per-signal variables). GET /ready answers 200 once it serves. Credentials in
captured content are redacted before spans go on, unless --no-redact-content (or ${REDACT_CONTENT_ENVIRONMENT}=false).
Env: DRIFTWATCH_GATEWAY_TOKEN (bearer token senders must present), DRIFTWATCH_SHUTDOWN_TIMEOUT_MS (final flush on
SIGTERM, default ${DEFAULT_SHUTDOWN_TIMEOUT_MILLIS}), OTEL_METRIC_EXPORT_INTERVAL, OTEL_LOG_LEVEL.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4319' },
      'drop-source-attributes': { type: 'boolean', default: false },
      'redact-content': { type: 'boolean', default: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port`);
  diag.setLogger(
    new DiagConsoleLogger(),
    process.env.OTEL_LOG_LEVEL === 'debug' ? DiagLogLevel.DEBUG : DiagLogLevel.WARN,
  );
  const token = process.env.DRIFTWATCH_GATEWAY_TOKEN?.trim();
  const shutdownMillis = readPositiveIntegerEnvironment(SHUTDOWN_TIMEOUT_ENVIRONMENT, DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
  const gateway = await startGateway({
    host: values.host,
    port,
    token: token === undefined || token === '' ? undefined : token,
    dropSourceAttributes: values['drop-source-attributes'],
    redactContent:
      values['redact-content'] && process.env[REDACT_CONTENT_ENVIRONMENT]?.trim().toLowerCase() !== 'false',
  });
  process.stdout.write(`driftwatch-gateway listening on ${gateway.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    process.stdout.write(
      `driftwatch-gateway: ${signal}, sending what is queued (at most ${shutdownMillis / 1000} s)\n`,
    );
    const exit = (how: string) => {
      process.stdout.write(`driftwatch-gateway: ${how} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.exit(0);
    };
    // The shutdown resolves by its deadline; this only guards against a bug holding it.
    const hardStop = setTimeout(() => exit('stopped without finishing the flush'), shutdownMillis + 1_000);
    hardStop.unref();
    void gateway.shutdown(shutdownMillis).finally(() => exit('stopped'));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`driftwatch-gateway: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
