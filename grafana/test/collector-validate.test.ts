// Every shipped Collector config passes `validate` of the Collector built from deploy/otel-collector/
// builder-config.yaml (the real component factories check every field), and the manifest holds exactly the
// components the shipped configs use, plus the loadbalancing exporter.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COLLECTOR_CONFIG_DIRECTORY, requireCollector } from './support/collector.ts';

const run = promisify(execFile);
const MANIFEST = 'builder-config.yaml';
const CONFIGS = readdirSync(COLLECTOR_CONFIG_DIRECTORY).filter((name) => name.endsWith('.yaml') && name !== MANIFEST);
/** How each config runs: alone, config.yaml with the gateway overlay (docker-compose.yml) or Collector-native mode, the relay. */
const RUNS: readonly (readonly string[])[] = [
  ['config.yaml'],
  ['config.yaml', 'gateway.yaml'],
  ['config.yaml', 'native.yaml'],
  ['gateway-relay.yaml'],
];
const collector = requireCollector();

/** Component types a config uses, as `kind/type` (`exporters/otlp_grpc` for `otlp_grpc/tempo`). */
function usedComponents(config: Record<string, Record<string, unknown> | undefined>): string[] {
  return ['extensions', 'receivers', 'processors', 'exporters', 'connectors'].flatMap((kind) =>
    Object.keys(config[kind] ?? {}).map((name) => `${kind}/${name.split('/')[0]}`),
  );
}

describe('the Collector distribution', () => {
  it('runs every shipped config somewhere', () => {
    expect(CONFIGS.filter((name) => !RUNS.some((files) => files.includes(name)))).toEqual([]);
  });

  it('pins every module of the manifest to one release', () => {
    const manifest = parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, MANIFEST), 'utf8')) as Record<
      string,
      Array<{ gomod: string }>
    > & { dist: { version: string } };
    const modules = ['extensions', 'receivers', 'processors', 'exporters', 'connectors', 'providers'].flatMap((kind) =>
      (manifest[kind] ?? []).map((entry) => entry.gomod),
    );
    const versions = new Set(modules.map((gomod) => gomod.split(' ')[1]?.replace(/^v1\.\d+\.\d+$/, 'stable')));
    const release = `v${manifest.dist.version}`;
    expect([...versions].filter((version) => version !== release && version !== 'stable')).toEqual([]);
  });
});

describe.skipIf(collector.skipReason !== '')(`the built Collector${collector.skipReason}`, () => {
  it.each(RUNS.map((files) => [files.join(' + '), files]))('validates %s', async (_name, files) => {
    const configs = (files as string[]).map((name) => `--config=${join(COLLECTOR_CONFIG_DIRECTORY, name)}`);
    const result = await run(collector.path, ['validate', ...configs]).catch(
      (error: { stderr?: string; message: string }) => ({
        stdout: '',
        stderr: error.stderr ?? error.message,
        failed: true,
      }),
    );
    expect(result, JSON.stringify(result)).not.toHaveProperty('failed');
  });

  it('has exactly the components the shipped configs use, plus the loadbalancing exporter', async () => {
    const { stdout } = await run(collector.path, ['components']);
    const listing = parse(stdout) as Record<string, Array<{ name: string }> | undefined>;
    const built = ['extensions', 'receivers', 'processors', 'exporters', 'connectors'].flatMap((kind) =>
      (listing[kind] ?? []).map((component) => `${kind}/${component.name}`),
    );
    const used = new Set(
      CONFIGS.flatMap((name) => usedComponents(parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, name), 'utf8')))),
    );
    used.add('exporters/load_balancing');
    expect(built.sort()).toEqual([...used].sort());
  });
});
