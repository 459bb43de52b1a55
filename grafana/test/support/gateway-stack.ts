// The compose topology on loopback ports, for the live tests: the Collector built from the manifest running
// config.yaml + gateway.yaml, N gateway replicas each started by the image's entrypoint (deploy/gateway/entrypoint.sh:
// the relay of gateway-relay.yaml in front of the gateway) and healthy by the image's healthcheck, and a Tempo
// stand-in delivering the sampled traces to a testkit receiver. Changed from the shipped configs: loopback ports,
// tail sampling's waits divided by `timeFactor`, and the replicas listed (`static` resolver) where compose resolves
// the `gateway` name (`dns` resolver).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { parse, stringify } from 'yaml';
import { type RunningProcess, startProcess } from './child-processes.ts';
import {
  COLLECTOR_CONFIG_DIRECTORY,
  loopbackCollectorEndpoints,
  loopbackEndpoint,
  type RunningCollector,
  shippedCollectorConfig,
  startCollector,
  startTempoStandIn,
} from './collector.ts';
import {
  type CollectorConfigDocument,
  deriveGatewayTestConfig,
  mergeCollectorConfigs,
} from './collector-derivation.ts';
import { pollUntil } from './poll.ts';
import { REPOSITORY_ROOT } from './queries.ts';

const run = promisify(execFile);
export const GATEWAY_CLI = join(REPOSITORY_ROOT, 'packages', 'gateway', 'dist', 'cli.js');
const ENTRYPOINT = join(REPOSITORY_ROOT, 'deploy', 'gateway', 'entrypoint.sh');
const HEALTHCHECK = join(REPOSITORY_ROOT, 'deploy', 'gateway', 'healthcheck.mjs');

export interface GatewayStack {
  /** Receives the traces tail sampling kept. */
  readonly sink: OtlpReceiver;
  /** The Collector's OTLP/HTTP endpoint, for apps. */
  readonly otlpHttp: string;
  /** The Collector's prometheus exporter. */
  readonly metricsUrl: string;
  /** The Collector's own metrics. */
  readonly telemetryUrl: string;
  /** Every process's recent output, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startGatewayStack(
  binary: string,
  replicaCount: number,
  timeFactor: number,
): Promise<GatewayStack> {
  const directory = mkdtempSync(join(tmpdir(), 'driftwatch-gateway-stack-'));
  const sink = await startOtlpReceiver();
  const standIn = await startTempoStandIn(binary, {
    type: 'otlp_http',
    config: { endpoint: sink.url, compression: 'none' },
  });
  const fromGateways = await loopbackEndpoint();
  const endpoints = await loopbackCollectorEndpoints(standIn.grpcEndpoint);
  const processes: RunningProcess[] = [];
  const replicas = [];
  for (let index = 0; index < replicaCount; index += 1) {
    const name = `gateway-${replicaCount}-${index}`;
    const relay = parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'gateway-relay.yaml'), 'utf8'));
    const grpc = await loopbackEndpoint();
    const health = await loopbackEndpoint();
    const gatewayPort = (await loopbackEndpoint()).split(':')[1] as string;
    relay.receivers.otlp.protocols.grpc.endpoint = grpc;
    relay.extensions.health_check.endpoint = health;
    relay.exporters['otlp_http/gateway'].endpoint = `http://127.0.0.1:${gatewayPort}`;
    const relayConfig = join(directory, `${name}-relay.yaml`);
    writeFileSync(relayConfig, stringify(relay));
    const environment = {
      DRIFTWATCH_OTELCOL: binary,
      DRIFTWATCH_RELAY_CONFIG: relayConfig,
      DRIFTWATCH_GATEWAY_BIN: GATEWAY_CLI,
      DRIFTWATCH_GATEWAY_PORT: gatewayPort,
      DRIFTWATCH_GATEWAY_REPLICA: name,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://${fromGateways}`,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    };
    replicas.push({ name, grpc, environment, urls: [`http://127.0.0.1:${gatewayPort}/ready`, `http://${health}/`] });
  }
  const merged = mergeCollectorConfigs<CollectorConfigDocument>(
    shippedCollectorConfig(),
    parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'gateway.yaml'), 'utf8')),
  );
  const config = deriveGatewayTestConfig(
    merged,
    { ...endpoints, fromGateways, replicas: replicas.map((replica) => replica.grpc) },
    timeFactor,
  );
  // The Collector binds its ports before the replicas start connecting out: an outgoing connection's ephemeral
  // port could otherwise take one of the ports reserved for it.
  const main = await startCollector(binary, `otelcol-${replicaCount}`, config);
  const started = replicas.map((replica) => {
    const running = startProcess(replica.name, ENTRYPOINT, [], replica.environment);
    processes.push(running);
    return { urls: replica.urls, replica: running };
  });
  // Each replica healthy by the image's own healthcheck.
  for (const { urls, replica } of started) {
    await pollUntil(
      `${replica.name} to be healthy`,
      async () => {
        if (replica.child.exitCode !== null) throw new Error(`${replica.name} exited:\n${replica.output()}`);
        return await run(process.execPath, [HEALTHCHECK, ...urls])
          .then(() => true)
          .catch(() => undefined);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  }
  const collectors: RunningCollector[] = [main, standIn.collector];
  return {
    sink,
    otlpHttp: `http://${endpoints.otlpHttp}`,
    metricsUrl: `http://${endpoints.prometheusExporter}/metrics`,
    telemetryUrl: `http://${endpoints.internalTelemetry}/metrics`,
    logs: () =>
      [main, standIn.collector]
        .map((running) => running.process)
        .concat(processes)
        .map((running) => `--- ${running.name}\n${running.output().slice(-2000)}`)
        .join('\n'),
    async stop() {
      await Promise.all(processes.map((running) => running.stop(10_000)));
      await Promise.all(collectors.map((running) => running.stop()));
      await sink.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
