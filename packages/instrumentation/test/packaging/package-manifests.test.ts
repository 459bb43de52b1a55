import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedWorkspaces, REPOSITORY_ROOT, workspaces } from './published-packages';

const ROOT_LICENSE = readFileSync(join(REPOSITORY_ROOT, 'LICENSE'), 'utf8');
const published = publishedWorkspaces();

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(name) ? [path] : [];
  });
}

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

interface Imports {
  /** Packages loaded at run time. */
  readonly runtime: Set<string>;
  /** Packages named only in `import type` / `export type`. */
  readonly typeOnly: Set<string>;
}

/** The packages a workspace's `src` imports, comments left out, Node's built-ins and relative paths ignored. */
function importsOf(directory: string): Imports {
  const runtime = new Set<string>();
  const typeOnly = new Set<string>();
  for (const file of sourceFiles(join(REPOSITORY_ROOT, directory, 'src'))) {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const pattern =
      /(import|export)\s+(type\s+)?[^'";]*?\sfrom\s+'([^']+)'|import\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g;
    for (const match of code.matchAll(pattern)) {
      const specifier = match[3] ?? match[4] ?? match[5] ?? match[6] ?? '';
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      (match[2] === undefined ? runtime : typeOnly).add(packageOf(specifier));
    }
  }
  for (const name of runtime) typeOnly.delete(name);
  return { runtime, typeOnly };
}

describe('the published packages', () => {
  it('should be the runtime packages and the test kits', () => {
    expect(published.map((workspace) => workspace.manifest.name).sort()).toEqual([
      '@driftwatch/agent-test',
      '@driftwatch/gateway',
      '@driftwatch/instrumentation',
      '@driftwatch/otlp-proto',
      '@driftwatch/processors',
      '@driftwatch/semconv',
      '@driftwatch/testkit',
    ]);
  });

  it('should carry the full Apache-2.0 text in LICENSE, at the root and in each package', () => {
    expect(ROOT_LICENSE).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(ROOT_LICENSE).toContain('END OF TERMS AND CONDITIONS');
    expect(ROOT_LICENSE).toContain('APPENDIX: How to apply the Apache License to your work.');
    for (const { directory } of published) {
      expect(readFileSync(join(REPOSITORY_ROOT, directory, 'LICENSE'), 'utf8'), directory).toBe(ROOT_LICENSE);
    }
  });

  it('should each have a README and a CHANGELOG naming the package', () => {
    for (const { directory, manifest } of published) {
      expect(readFileSync(join(REPOSITORY_ROOT, directory, 'README.md'), 'utf8')).toMatch(
        new RegExp(`^# ${manifest.name}\\n`),
      );
      expect(readFileSync(join(REPOSITORY_ROOT, directory, 'CHANGELOG.md'), 'utf8')).toContain(
        `## ${manifest.version}`,
      );
    }
  });

  it('should share one version, depend on each other at exactly that version, and be depended on as "*" by the private workspaces', () => {
    const versions = new Set(published.map((workspace) => workspace.manifest.version));
    expect(versions.size).toBe(1);
    const [version] = versions;
    const names = new Set(published.map((workspace) => workspace.manifest.name));
    for (const { directory, manifest } of workspaces()) {
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies'] as const) {
        for (const [name, range] of Object.entries(manifest[field] ?? {})) {
          if (!names.has(name)) continue;
          expect(`${directory} ${field} ${name}@${range}`).toBe(
            `${directory} ${field} ${name}@${manifest.private === true || field === 'devDependencies' ? '*' : version}`,
          );
        }
      }
    }
  });

  it('should build on prepack, ship their sources beside the maps, name their repository folder and publish publicly', () => {
    for (const { directory, manifest } of published) {
      expect(manifest.scripts?.prepack, directory).toBe('npm run build');
      expect(manifest.files, directory).toEqual(expect.arrayContaining(['dist', 'src', 'CHANGELOG.md']));
      expect(manifest.repository?.directory, directory).toBe(directory);
      expect(manifest.repository?.url, directory).toMatch(/^git\+https:\/\/.+\.git$/);
      expect(manifest.publishConfig?.access, directory).toBe('public');
    }
  });

  it('should declare every package its code imports, and import every package it declares', () => {
    for (const { directory, manifest } of published) {
      const { runtime, typeOnly } = importsOf(directory);
      const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
      const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
      const optionalPeers = new Set(
        Object.entries(manifest.peerDependenciesMeta ?? {})
          .filter(([, meta]) => meta.optional === true)
          .map(([name]) => name),
      );
      const declared = [...dependencies, ...peers];
      expect(
        [...runtime].filter((name) => !dependencies.has(name) && !peers.has(name)),
        `${directory}: undeclared`,
      ).toEqual([]);
      expect(
        [...typeOnly].filter((name) => !declared.includes(name)),
        `${directory}: undeclared types`,
      ).toEqual([]);
      expect(
        declared.filter((name) => !runtime.has(name) && !(optionalPeers.has(name) && typeOnly.has(name))),
        `${directory}: declared, never imported`,
      ).toEqual([]);
    }
  });

  it('should take @opentelemetry/api as a peer, never as a dependency: 1.9 and 1.10 for the libraries', () => {
    /** The agent test kit runs its own OpenTelemetry JS 3.x SDK, which needs the api's logs (1.10). */
    const expected: Record<string, string | undefined> = {
      'packages/processors': '^1.9.0',
      'packages/instrumentation': '^1.9.0',
      'packages/agent-test': '^1.10.0',
      'packages/gateway': '^1.10.0',
    };
    for (const { directory, manifest } of published) {
      expect(manifest.dependencies?.['@opentelemetry/api'], directory).toBeUndefined();
      expect(manifest.peerDependencies?.['@opentelemetry/api'], directory).toBe(expected[directory]);
    }
  });
});
