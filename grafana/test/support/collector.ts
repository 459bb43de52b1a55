// The OpenTelemetry Collector built from deploy/otel-collector/builder-config.yaml (scripts/build-collector.sh), and
// the shipped configs run on loopback ports. .ci/run exports DRIFTWATCH_OTELCOL with the binary's path; elsewhere
// the newest build in the cache is used. Missing under CI=true is a failure; elsewhere the tests are skipped.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { cacheDirectory, isExecutable } from './binaries.ts';
import { type RunningProcess, startProcess } from './child-processes.ts';
import type { CollectorConfigDocument, CollectorEndpoints } from './collector-derivation.ts';
import { freePort } from './free-port.ts';
import { pollUntil } from './poll.ts';
import { REPOSITORY_ROOT } from './queries.ts';

export const COLLECTOR_CONFIG_DIRECTORY = join(REPOSITORY_ROOT, 'deploy', 'otel-collector');

/** The built Collector's path, or undefined. */
export function findCollector(): string | undefined {
  const fromEnvironment = process.env.DRIFTWATCH_OTELCOL;
  if (fromEnvironment !== undefined && fromEnvironment !== '')
    return isExecutable(fromEnvironment) ? fromEnvironment : undefined;
  const builds = join(cacheDirectory(), 'otelcol');
  let candidates: string[] = [];
  try {
    candidates = readdirSync(builds).map((name) => join(builds, name, 'otelcol-driftwatch'));
  } catch {
    return undefined;
  }
  return candidates.filter(isExecutable).sort((left, right) => statSync(right).mtimeMs - statSync(left).mtimeMs)[0];
}

/** The Collector for a test file: its path, or a skip reason (a failure under CI=true). */
export function requireCollector(): { path: string; skipReason: string } {
  const path = findCollector();
  if (path !== undefined) return { path, skipReason: '' };
  if (process.env.CI === 'true') {
    throw new Error('CI=true and the Collector is not built: run scripts/build-collector.sh (.ci/run does)');
  }
  return { path: '', skipReason: ' (skipped: the Collector is not built; run scripts/build-collector.sh)' };
}

/** A shipped config, parsed. */
export function shippedCollectorConfig(file = 'config.yaml'): CollectorConfigDocument {
  return parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, file), 'utf8')) as CollectorConfigDocument;
}

export interface RunningCollector {
  readonly process: RunningProcess;
  /** The health_check extension's URL. */
  readonly healthUrl: string;
  stop(): Promise<void>;
}

/** Starts the Collector on a config (an object, written as YAML) and resolves once its health check answers 200. */
export async function startCollector(binary: string, name: string, config: unknown): Promise<RunningCollector> {
  const directory = mkdtempSync(join(tmpdir(), `driftwatch-${name}-`));
  const file = join(directory, 'config.yaml');
  writeFileSync(file, stringify(config));
  const healthEndpoint = (config as { extensions?: { health_check?: { endpoint?: string } } }).extensions?.health_check
    ?.endpoint;
  if (healthEndpoint === undefined) throw new Error(`${name}: the config has no health_check endpoint`);
  const running = startProcess(name, binary, [`--config=${file}`]);
  const stop = async () => {
    await running.stop(10_000);
    rmSync(directory, { recursive: true, force: true });
  };
  const healthUrl = `http://${healthEndpoint}/`;
  try {
    await pollUntil(
      `${name} to be healthy at ${healthUrl}`,
      async () => {
        if (running.child.exitCode !== null) throw new Error(`${name} exited:\n${running.output()}`);
        return (await fetch(healthUrl)).ok ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: running, healthUrl, stop };
}

/** A loopback `host:port` on a free port. */
export async function loopbackEndpoint(): Promise<string> {
  return `127.0.0.1:${await freePort()}`;
}

/**
 * A Collector standing in for Tempo: OTLP/gRPC in on a loopback port, traces out through `exporter` (`otlp_http`
 * to a test receiver, or `nop`). Resolves with it and its gRPC endpoint.
 */
export async function startTempoStandIn(
  binary: string,
  exporter: { type: string; config: Record<string, unknown> },
): Promise<{ collector: RunningCollector; grpcEndpoint: string }> {
  const grpcEndpoint = await loopbackEndpoint();
  const collector = await startCollector(binary, 'tempo-stand-in', {
    extensions: { health_check: { endpoint: await loopbackEndpoint() } },
    receivers: { otlp: { protocols: { grpc: { endpoint: grpcEndpoint } } } },
    exporters: { [exporter.type]: exporter.config },
    service: {
      extensions: ['health_check'],
      telemetry: { metrics: { level: 'none' } },
      pipelines: { traces: { receivers: ['otlp'], exporters: [exporter.type] } },
    },
  });
  return { collector, grpcEndpoint };
}

/** Free loopback endpoints for a test variant of config.yaml whose traces go to `traceSink` (host:port). */
export async function loopbackCollectorEndpoints(traceSink: string): Promise<CollectorEndpoints> {
  return {
    otlpGrpc: await loopbackEndpoint(),
    otlpHttp: await loopbackEndpoint(),
    health: await loopbackEndpoint(),
    prometheusExporter: await loopbackEndpoint(),
    internalTelemetry: await loopbackEndpoint(),
    exporters: { 'otlp_grpc/tempo': traceSink },
  };
}
