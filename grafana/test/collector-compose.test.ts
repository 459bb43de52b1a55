// The gateway in docker-compose.yml, between the Collector's two pipelines, scalable with `--scale gateway=N`:
// checked against the compose file, the Collector configs and the gateway's Dockerfile (no Docker engine here;
// docker-compose v2 validates the file in deploy.test.ts, the configs run for real in collector-*.test.ts).
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_CONFIG_DIRECTORY } from './support/collector.ts';
import { REPOSITORY_ROOT } from './support/queries.ts';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  container_name?: string;
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
}
const read = (path: string) => readFileSync(join(REPOSITORY_ROOT, path), 'utf8');
const SERVICES = (parse(read('docker-compose.yml')) as { services: Record<string, Service> }).services;
const gatewayService = SERVICES.gateway as Service;
const collectorService = SERVICES['otel-collector'] as Service;
const overlay = parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'gateway.yaml'), 'utf8')) as {
  receivers: Record<string, { protocols: { http: { endpoint: string } } }>;
  exporters: Record<string, { routing_key: string; resolver: { dns: { hostname: string; port: string } } }>;
  service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
};
const relay = parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'gateway-relay.yaml'), 'utf8')) as {
  receivers: { otlp: { protocols: { grpc: { endpoint: string } } } };
  exporters: Record<string, { endpoint: string }>;
};
const DOCKERFILE = read(gatewayService.build?.dockerfile ?? 'missing');
const port = (endpoint: string) => endpoint.slice(endpoint.lastIndexOf(':') + 1);

describe('the gateway service', () => {
  it('is built from the Dockerfile in the repository', () => {
    expect(gatewayService.build).toEqual({ context: '.', dockerfile: 'deploy/gateway/Dockerfile' });
  });

  it('can be scaled: no container name and no published host port', () => {
    expect(gatewayService.container_name).toBeUndefined();
    expect(gatewayService.ports ?? []).toEqual([]);
  });

  it('is what every load_balancing exporter resolves, on the port its relay takes OTLP/gRPC', () => {
    const balancers = Object.entries(overlay.exporters).filter(([name]) => name.startsWith('load_balancing'));
    expect(balancers.length).toBeGreaterThan(0);
    for (const [, exporter] of balancers) {
      expect(exporter.resolver.dns.hostname).toBe('gateway');
      expect(gatewayService.expose).toContain(exporter.resolver.dns.port);
      expect(port(relay.receivers.otlp.protocols.grpc.endpoint)).toBe(exporter.resolver.dns.port);
    }
  });

  it('routes spans and logs by trace ID, so a run meets in one replica', () => {
    for (const signal of ['traces', 'logs']) {
      const pipeline = overlay.service.pipelines[`${signal}/to-gateway`];
      const exporter = overlay.exporters[pipeline?.exporters[0] ?? ''];
      expect(exporter?.routing_key, signal).toBe('traceID');
    }
  });

  it("sends back to the Collector's second pipelines, which sample and export", () => {
    const endpoint = new URL(gatewayService.environment?.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
    expect(endpoint.hostname).toBe('otel-collector');
    expect(endpoint.port).toBe(port(overlay.receivers['otlp/gateway']?.protocols.http.endpoint ?? ''));
    expect(overlay.service.pipelines.traces?.receivers).toEqual(['otlp/gateway']);
    expect(overlay.service.pipelines.traces?.processors).toContain('tail_sampling');
    expect(overlay.service.pipelines['traces/to-gateway']?.processors).not.toContain('tail_sampling');
  });

  it("relays to the gateway's port inside the container", () => {
    const [exporter] = Object.values(relay.exporters);
    expect(exporter?.endpoint).toBe('http://127.0.0.1:4319');
    expect(read('deploy/gateway/entrypoint.sh')).toContain('DRIFTWATCH_GATEWAY_PORT:-4319');
  });

  it('has a healthcheck that probes the gateway and its relay', () => {
    expect(gatewayService.healthcheck?.test).toEqual(['CMD', 'node', '/usr/local/lib/driftwatch/healthcheck.mjs']);
    const probe = read('deploy/gateway/healthcheck.mjs');
    expect(probe).toContain('http://127.0.0.1:4319/ready');
    expect(probe).toContain('http://127.0.0.1:13133/');
  });
});

describe('deploy/gateway/Dockerfile', () => {
  it('pins every base image to a version', () => {
    const bases = [...DOCKERFILE.matchAll(/^FROM (\S+)/gm)].map((match) => match[1] as string);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base, base).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$|@sha256:/);
  });

  it('runs as a non-root user', () => {
    const users = [...DOCKERFILE.matchAll(/^USER (\S+)/gm)].map((match) => match[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
  });

  it('copies only files that exist, and an executable entrypoint', () => {
    const sources = [...DOCKERFILE.matchAll(/^COPY (?!--from)(\S+) /gm)].map((match) => match[1] as string);
    for (const source of sources) expect(existsSync(join(REPOSITORY_ROOT, source)), source).toBe(true);
    expect(() => accessSync(join(REPOSITORY_ROOT, 'deploy/gateway/entrypoint.sh'), constants.X_OK)).not.toThrow();
  });

  it('builds the relay from the same Collector manifest as CI', () => {
    expect(DOCKERFILE).toContain('COPY deploy/otel-collector/builder-config.yaml');
  });
});

describe('the Collector service', () => {
  it('runs config.yaml with the gateway overlay, and checks both in its healthcheck', () => {
    const configs = ['--config=/etc/otelcol-contrib/config.yaml', '--config=/etc/otelcol-contrib/gateway.yaml'];
    expect(collectorService.command).toEqual(configs);
    expect(collectorService.healthcheck?.test?.slice(-2)).toEqual(configs);
    expect(collectorService.volumes).toContain(
      './deploy/otel-collector/gateway.yaml:/etc/otelcol-contrib/gateway.yaml:ro',
    );
  });

  it('runs the image of the release the manifest builds', () => {
    const manifest = parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'builder-config.yaml'), 'utf8')) as {
      dist: { version: string };
    };
    expect(collectorService.image).toBe(`otel/opentelemetry-collector-contrib:${manifest.dist.version}`);
  });
});
