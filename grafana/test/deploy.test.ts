// docker-compose.yml and deploy/: validated with the real docker-compose v2, promtool and amtool where they exist
// here, and structurally for the Collector, Tempo and Grafana, whose validators live only in their own images.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import * as semconv from '@driftwatch/semconv';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ALERTMANAGER_DATASOURCE, PROMETHEUS_DATASOURCE, TEMPO_DATASOURCE } from '../src/dashboards/datasources.ts';
import { LABEL, RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME, RESOURCE_SERVICE_NAME } from '../src/names.ts';
import { requireBinaries } from './support/binaries.ts';
import { dashboardFiles, REPOSITORY_ROOT } from './support/queries.ts';

const run = promisify(execFile);
const read = (path: string) => readFileSync(join(REPOSITORY_ROOT, path), 'utf8');
const yaml = (path: string) => parse(read(path));

interface ComposeService {
  image: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  user?: string;
}
const COMPOSE = yaml('docker-compose.yml') as { name: string; services: Record<string, ComposeService> };
const SERVICES = COMPOSE.services;

/** The reference images of shared/reference/backends.md, plus the probe that checks the distroless ones. */
const PINNED_IMAGES: Record<string, string> = {
  'otel-collector': 'otel/opentelemetry-collector-contrib:0.161.0',
  tempo: 'grafana/tempo:3.0.3',
  prometheus: 'prom/prometheus:v3.14.0',
  alertmanager: 'prom/alertmanager:v0.34.0',
  grafana: 'grafana/grafana:13.1.3',
  readiness: 'busybox:1.37.0',
  gateway: 'driftwatch-gateway:local',
};

/** `./deploy/x:/etc/x:ro` -> { source, target }, `${VAR:-default}` resolved to its default. */
function bindMounts(service: ComposeService): Array<{ source: string; target: string }> {
  return (service.volumes ?? [])
    .map((volume) => volume.replace(/\$\{\w+:-([^}]+)\}/g, '$1'))
    .filter((volume) => volume.startsWith('.'))
    .map((volume) => {
      const [source, target] = volume.split(':');
      return { source: resolve(REPOSITORY_ROOT, source as string), target: target as string };
    });
}

function mountTarget(service: string, sourceSuffix: string): string {
  const mount = bindMounts(SERVICES[service] as ComposeService).find((m) => m.source.endsWith(sourceSuffix));
  if (mount === undefined) throw new Error(`${service} does not mount ${sourceSuffix}`);
  return mount.target;
}

describe('docker-compose.yml', () => {
  it('runs the Collector, Tempo, Prometheus, Alertmanager and Grafana at the pinned image versions', () => {
    expect(Object.fromEntries(Object.entries(SERVICES).map(([name, service]) => [name, service.image]))).toEqual(
      PINNED_IMAGES,
    );
  });

  it('says at the top how to start it', () => {
    expect(read('docker-compose.yml').split('\n').slice(0, 10).join('\n')).toContain('docker compose up -d --wait');
  });

  it.each(Object.entries(SERVICES))('%s has a healthcheck', (_name, service) => {
    expect(service.healthcheck?.disable).not.toBe(true);
    expect(service.healthcheck?.test?.length).toBeGreaterThan(0);
    expect(service.healthcheck?.test?.[0]).not.toBe('NONE');
  });

  it('probes over HTTP the services whose images have no HTTP client (Collector, Tempo)', () => {
    const probe = (SERVICES.readiness?.healthcheck?.test ?? []).join(' ');
    expect(probe).toContain('http://otel-collector:13133/');
    expect(probe).toContain('http://tempo:3200/ready');
  });

  it.each(Object.entries(SERVICES))('%s publishes ports on 127.0.0.1 only', (_name, service) => {
    for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it.each(Object.entries(SERVICES))('%s mounts only files and folders that exist', (_name, service) => {
    for (const mount of bindMounts(service)) expect(existsSync(mount.source), mount.source).toBe(true);
  });

  it('gives Grafana no anonymous access and no sign-up', () => {
    const environment = SERVICES.grafana?.environment ?? {};
    expect(environment.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(environment.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(environment.GF_AUTH_DISABLE_LOGIN_FORM).toBe('false');
    expect(Object.keys(environment)).not.toContain('GF_AUTH_ANONYMOUS_ORG_ROLE');
  });

  const compose = requireBinaries('docker-compose');
  it.skipIf(compose.skipReason !== '')(
    `is a valid compose file for docker-compose v2 (config -q), which rejects unknown keys${compose.skipReason}`,
    async () => {
      const binary = compose.paths['docker-compose'];
      await run(binary, ['-f', join(REPOSITORY_ROOT, 'docker-compose.yml'), 'config', '-q'], { cwd: REPOSITORY_ROOT });
      const { stdout } = await run(
        binary,
        ['-f', join(REPOSITORY_ROOT, 'docker-compose.yml'), 'config', '--format', 'json'],
        {
          cwd: REPOSITORY_ROOT,
        },
      );
      const resolved = JSON.parse(stdout) as {
        services: Record<string, { volumes?: Array<{ type: string; source: string }> }>;
      };
      for (const service of Object.values(resolved.services)) {
        for (const volume of service.volumes ?? []) {
          if (volume.type === 'bind') expect(existsSync(volume.source), volume.source).toBe(true);
        }
      }
      const directory = mkdtempSync(join(tmpdir(), 'driftwatch-compose-'));
      try {
        const broken = { ...COMPOSE, services: { ...SERVICES, grafana: { ...SERVICES.grafana, helthcheck: {} } } };
        writeFileSync(join(directory, 'docker-compose.yml'), stringify(broken));
        await expect(
          run(binary, [
            '-f',
            join(directory, 'docker-compose.yml'),
            '--project-directory',
            REPOSITORY_ROOT,
            'config',
            '-q',
          ]),
        ).rejects.toThrow(/helthcheck/);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  );
});

interface CollectorConfig {
  extensions: Record<string, { endpoint?: string }>;
  receivers: Record<string, { protocols: Record<string, { endpoint: string }> }>;
  processors: Record<string, Record<string, unknown>>;
  exporters: Record<string, Record<string, unknown>>;
  connectors?: Record<string, unknown>;
  service: {
    extensions: string[];
    pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;
  };
}

describe('deploy/otel-collector/config.yaml', () => {
  const config = yaml('deploy/otel-collector/config.yaml') as CollectorConfig;
  const semconvAttributes = new Set(
    Object.entries(semconv)
      .filter(([key, value]) => key.startsWith('ATTR_') && typeof value === 'string')
      .map(([, value]) => value as string),
  );

  it('is the file compose mounts where the contrib image reads it', () => {
    expect(mountTarget('otel-collector', 'deploy/otel-collector/config.yaml')).toBe('/etc/otelcol-contrib/config.yaml');
  });

  it.each(Object.entries(config.service.pipelines))(
    'pipeline %s references only defined receivers, processors and exporters',
    (_name, pipeline) => {
      const connectors = Object.keys(config.connectors ?? {});
      for (const receiver of pipeline.receivers)
        expect([...Object.keys(config.receivers), ...connectors]).toContain(receiver);
      for (const processor of pipeline.processors ?? []) expect(Object.keys(config.processors)).toContain(processor);
      for (const exporter of pipeline.exporters)
        expect([...Object.keys(config.exporters), ...connectors]).toContain(exporter);
      expect(pipeline.receivers.length).toBeGreaterThan(0);
      expect(pipeline.exporters.length).toBeGreaterThan(0);
    },
  );

  it('uses every component it defines, and defines every extension it enables', () => {
    const pipelines = Object.values(config.service.pipelines);
    const used = new Set(pipelines.flatMap((p) => [...p.receivers, ...(p.processors ?? []), ...p.exporters]));
    for (const name of [
      ...Object.keys(config.receivers),
      ...Object.keys(config.processors),
      ...Object.keys(config.exporters),
    ]) {
      expect(used.has(name), name).toBe(true);
    }
    expect(config.service.extensions.every((name) => name in config.extensions)).toBe(true);
    expect(config.extensions.health_check?.endpoint).toBe('0.0.0.0:13133');
  });

  it('takes OTLP on the ports compose publishes, and sends traces to Tempo on its OTLP port', () => {
    const published = (SERVICES['otel-collector']?.ports ?? []).map((port) => port.split(':')[2]);
    const listening = Object.values(config.receivers.otlp?.protocols ?? {}).map((p) => p.endpoint.split(':')[1]);
    expect(listening.sort()).toEqual(published.sort());
    expect(config.exporters['otlp_grpc/tempo']?.endpoint).toBe('tempo:4317');
  });

  it('tail-samples: keeps errored, escalated, repeated, expensive and low-scoring runs, samples the rest', () => {
    const sampling = config.processors.tail_sampling as { policies: Array<{ name: string; type: string }> };
    expect(sampling.policies.map((policy) => `${policy.name}:${policy.type}`)).toEqual([
      'errored:status_code',
      'escalated:boolean_attribute',
      'repeated:boolean_attribute',
      'expensive:ottl_condition',
      'low-score:ottl_condition',
      'sample-the-rest:probabilistic',
    ]);
    expect(config.service.pipelines.traces?.processors).toContain('tail_sampling');
    expect(config.service.pipelines.metrics?.processors ?? []).not.toContain('tail_sampling');
  });

  it('names only semconv attributes in its sampling policies and statements', () => {
    const text = read('deploy/otel-collector/config.yaml');
    const keys = [
      ...[...text.matchAll(/attributes\["([^"]+)"\]/g)].map((match) => match[1] as string),
      ...[...text.matchAll(/^\s+key: (\S+)$/gm)].map((match) => match[1] as string),
    ];
    expect(keys.length).toBeGreaterThan(5);
    const evaluationScore = /^driftwatch\.evaluation\.[a-z_]+\.score$/;
    const allowed = (key: string) =>
      semconvAttributes.has(key) ||
      evaluationScore.test(key) ||
      key === RESOURCE_SERVICE_NAME ||
      key === RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME;
    expect(keys.filter((key) => !allowed(key))).toEqual([]);
  });

  it('exposes metrics to Prometheus under the pinned suffixed names, service and environment as labels', () => {
    expect(config.exporters.prometheus?.translation_strategy).toBe('UnderscoreEscapingWithSuffixes');
    const statements = JSON.stringify(config.processors['transform/promote-resource']);
    expect(statements).toContain(`set(attributes[\\"${RESOURCE_SERVICE_NAME}\\"]`);
    expect(statements).toContain(`set(attributes[\\"${RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME}\\"]`);
    expect(config.service.pipelines.metrics?.processors).toContain('transform/promote-resource');
  });
});

describe('deploy/tempo/tempo.yaml', () => {
  const config = yaml('deploy/tempo/tempo.yaml') as Record<string, unknown> & {
    server: { http_listen_port: number };
    distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } };
    storage: { trace: { backend: string; wal: { path: string } } };
  };

  it('is a Tempo 3 monolithic config: OTLP/gRPC on 4317, API on 3200, no blocks that Tempo 3 removed', () => {
    expect(mountTarget('tempo', 'deploy/tempo/tempo.yaml')).toBe('/etc/tempo/tempo.yaml');
    expect(SERVICES.tempo?.command).toContain('-config.file=/etc/tempo/tempo.yaml');
    expect(config.distributor.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.server.http_listen_port).toBe(3200);
    for (const removed of ['ingester', 'ingester_client', 'compactor', 'metrics_generator_client']) {
      expect(Object.keys(config)).not.toContain(removed);
    }
    expect(JSON.stringify(config)).not.toContain('local_blocks');
    expect(config.storage.trace.wal.path.startsWith('/var/tempo/')).toBe(true);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  const config = yaml('deploy/prometheus/prometheus.yml') as {
    rule_files: string[];
    alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
    scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
  };

  it('loads the rule files compose mounts from grafana/alerts, and sends alerts to Alertmanager', () => {
    expect(config.rule_files).toEqual([`${mountTarget('prometheus', 'grafana/alerts')}/*.rules.yml`]);
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(['alertmanager:9093']);
  });

  it("scrapes the Collector's prometheus exporter", () => {
    const collector = yaml('deploy/otel-collector/config.yaml') as CollectorConfig;
    const port = String(collector.exporters.prometheus?.endpoint).split(':')[1];
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((s) => s.targets));
    expect(targets).toContain(`otel-collector:${port}`);
  });

  const promtool = requireBinaries('promtool');
  it.skipIf(promtool.skipReason !== '')(`passes promtool check config${promtool.skipReason}`, async () => {
    const { stdout } = await run(promtool.paths.promtool, [
      'check',
      'config',
      '--syntax-only',
      join(REPOSITORY_ROOT, 'deploy/prometheus/prometheus.yml'),
    ]);
    expect(stdout).toContain('SUCCESS');
  });
});

describe('deploy/alertmanager/alertmanager.yml', () => {
  const amtool = requireBinaries('amtool');
  const file = join(REPOSITORY_ROOT, 'deploy/alertmanager/alertmanager.yml');

  it.skipIf(amtool.skipReason !== '')(`passes amtool check-config${amtool.skipReason}`, async () => {
    const { stdout } = await run(amtool.paths.amtool, ['check-config', file]);
    expect(stdout).toContain('SUCCESS');
  });

  it.skipIf(amtool.skipReason !== '')(
    `routes P1 to the pager, P2 to tickets and anything else to the default receiver${amtool.skipReason}`,
    async () => {
      const route = (receiver: string, ...labels: string[]) =>
        run(amtool.paths.amtool, [
          'config',
          'routes',
          'test',
          `--config.file=${file}`,
          `--verify.receivers=${receiver}`,
          ...labels,
        ]);
      await expect(route('page', 'severity=P1', 'alertname=DriftwatchToolCallsAllFailing')).resolves.toBeDefined();
      await expect(route('ticket', 'severity=P2', 'alertname=DriftwatchCostPerRunHigh')).resolves.toBeDefined();
      await expect(route('default', 'alertname=Watchdog')).resolves.toBeDefined();
      await expect(route('default', 'severity=P1')).rejects.toThrow();
    },
  );

  it('groups by service, environment and agent, never by job or instance', () => {
    const config = yaml('deploy/alertmanager/alertmanager.yml') as { route: { group_by: string[] } };
    expect(config.route.group_by).toEqual(['alertname', LABEL.service, LABEL.environment, LABEL.agent]);
  });
});

describe('deploy/grafana/provisioning', () => {
  const datasources = yaml('deploy/grafana/provisioning/datasources/driftwatch.yaml') as {
    datasources: Array<{ type: string; uid: string; url: string; jsonData: Record<string, unknown> }>;
  };
  const providers = yaml('deploy/grafana/provisioning/dashboards/driftwatch.yaml') as {
    providers: Array<{ options: { path: string }; allowUiUpdates: boolean }>;
  };

  it('provisions the datasources the dashboards use, by uid, at the compose services', () => {
    expect(datasources.datasources.map((d) => [d.type, d.uid, d.url])).toEqual([
      [PROMETHEUS_DATASOURCE.type, PROMETHEUS_DATASOURCE.uid, 'http://prometheus:9090'],
      [TEMPO_DATASOURCE.type, TEMPO_DATASOURCE.uid, 'http://tempo:3200'],
      [ALERTMANAGER_DATASOURCE.type, ALERTMANAGER_DATASOURCE.uid, 'http://alertmanager:9093'],
    ]);
    expect(mountTarget('grafana', 'deploy/grafana/provisioning/datasources')).toBe(
      '/etc/grafana/provisioning/datasources',
    );
  });

  it('links Tempo to Prometheus and Prometheus exemplars back to Tempo', () => {
    const [prometheus, tempo] = datasources.datasources;
    expect(JSON.stringify(prometheus?.jsonData)).toContain(`"datasourceUid":"${TEMPO_DATASOURCE.uid}"`);
    const tracesToMetrics = tempo?.jsonData.tracesToMetrics as { datasourceUid: string } | undefined;
    expect(tracesToMetrics?.datasourceUid).toBe(PROMETHEUS_DATASOURCE.uid);
  });

  it('loads the dashboards from where compose mounts grafana/dashboards, read-only', () => {
    expect(providers.providers[0]?.options.path).toBe(mountTarget('grafana', 'grafana/dashboards'));
    expect(providers.providers[0]?.allowUiUpdates).toBe(false);
    expect(dashboardFiles().length).toBe(6);
    const home = SERVICES.grafana?.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    expect(home.startsWith(`${providers.providers[0]?.options.path}/`)).toBe(true);
    expect(existsSync(join(REPOSITORY_ROOT, 'grafana/dashboards', home.split('/').pop() as string))).toBe(true);
  });
});
