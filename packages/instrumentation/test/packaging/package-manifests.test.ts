import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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

interface BundleConfig {
  readonly external: string[];
}

/** A bundled workspace's `bundle.config.mjs` (scripts/bundle-package.mjs), or undefined when it is not bundled. */
async function bundleConfigOf(directory: string): Promise<BundleConfig | undefined> {
  const path = join(REPOSITORY_ROOT, directory, 'bundle.config.mjs');
  if (!existsSync(path)) return undefined;
  return ((await import(path)) as { default: BundleConfig }).default;
}

function isExternal(config: BundleConfig, name: string): boolean {
  return config.external.some((external) => name === external || name.startsWith(`${external}/`));
}

/** Every `types` file a package's `exports` names. */
function exportedTypeFiles(directory: string, manifest: { exports?: Record<string, unknown> }): string[] {
  return Object.values(manifest.exports ?? {}).flatMap((entry) => {
    const types = typeof entry === 'object' && entry !== null ? (entry as { types?: string }).types : undefined;
    return types === undefined ? [] : [resolve(REPOSITORY_ROOT, directory, types)];
  });
}

/** The packages the declarations a user's compiler reads (from the exported ones, through relative imports) name. */
function packagesInPublicTypes(entryFiles: string[]): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [...entryFiles];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) {
        const base = resolve(dirname(file), specifier).replace(/\.m?js$/, '');
        pending.push(...[`${base}.d.ts`, `${base}.d.mts`, join(base, 'index.d.ts')]);
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        packages.add(packageOf(specifier));
      }
    }
  }
  return packages;
}

/** The SDKs and frameworks Driftwatch instruments: their types appear in the helpers an app calls with them. */
const INSTRUMENTED_LIBRARIES = new Set([
  'openai',
  '@anthropic-ai/sdk',
  '@openai/agents',
  '@openai/agents-core',
  'ai',
  '@modelcontextprotocol/sdk',
]);

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

  it('should declare every package its code loads, and load every package it declares', async () => {
    for (const { directory, manifest } of published) {
      const { runtime, typeOnly } = importsOf(directory);
      const bundle = await bundleConfigOf(directory);
      const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
      const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
      const developmentOnly = new Set(Object.keys(manifest.devDependencies ?? {}));
      const optionalPeers = new Set(
        Object.entries(manifest.peerDependenciesMeta ?? {})
          .filter(([, meta]) => meta.optional === true)
          .map(([name]) => name),
      );
      // A bundled package loads its externals; the code of every other package it imports is in its bundle.
      const loaded = bundle === undefined ? runtime : new Set([...runtime].filter((name) => isExternal(bundle, name)));
      const bundled = bundle === undefined ? [] : [...runtime].filter((name) => !isExternal(bundle, name));
      const declared = [...dependencies, ...peers];
      expect(
        [...loaded].filter((name) => !dependencies.has(name) && !peers.has(name)),
        `${directory}: undeclared`,
      ).toEqual([]);
      expect(
        [...typeOnly].filter(
          (name) => !declared.includes(name) && !(bundle !== undefined && developmentOnly.has(name)),
        ),
        `${directory}: undeclared types`,
      ).toEqual([]);
      expect(
        declared.filter((name) => !loaded.has(name) && !(optionalPeers.has(name) && typeOnly.has(name))),
        `${directory}: declared, never loaded`,
      ).toEqual([]);
      expect(
        bundled.filter((name) => !developmentOnly.has(name) || dependencies.has(name)),
        `${directory}: bundled, so a devDependency only`,
      ).toEqual([]);
    }
  });

  it('should name every bundled package, its version and license text in dist/THIRD-PARTY-NOTICES.md', async () => {
    for (const { directory } of published) {
      const bundle = await bundleConfigOf(directory);
      if (bundle === undefined) continue;
      const bundled = [...importsOf(directory).runtime].filter((name) => !isExternal(bundle, name));
      const noticesPath = join(REPOSITORY_ROOT, directory, 'dist', 'THIRD-PARTY-NOTICES.md');
      const notices = existsSync(noticesPath) ? readFileSync(noticesPath, 'utf8') : '';
      for (const name of bundled) {
        const { version, license } = JSON.parse(
          readFileSync(join(REPOSITORY_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
        ) as { version: string; license: string };
        expect(notices, `${directory}: ${name}`).toContain(`## ${name} ${version} (${license})`);
      }
    }
  });

  it('should reference in their public types only packages a user installs with them (or the SDK instrumented)', () => {
    for (const { directory, manifest } of published) {
      const installed = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      const typeEntries = exportedTypeFiles(directory, manifest);
      expect(typeEntries.length, directory).toBeGreaterThan(0);
      expect(
        [...packagesInPublicTypes(typeEntries)].filter(
          (name) => !installed.has(name) && name !== manifest.name && !INSTRUMENTED_LIBRARIES.has(name),
        ),
        `${directory}: public types name packages not installed with it`,
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

describe('the changesets', () => {
  // The changesets tool's own parser (the one `npx changeset version` uses), resolved beside its CLI.
  const parse = (
    require(
      require.resolve('@changesets/parse', { paths: [dirname(require.resolve('@changesets/cli/package.json'))] }),
    ) as {
      default: (contents: string) => { releases: Array<{ name: string; type: string }>; summary: string };
    }
  ).default;
  const directory = join(REPOSITORY_ROOT, '.changeset');
  const files = readdirSync(directory).filter((file) => file.endsWith('.md') && file !== 'README.md');

  it('should each name published packages and a bump in front matter the changesets tool reads, with a summary', () => {
    const names = new Set(published.map((workspace) => workspace.manifest.name));
    for (const file of files) {
      const { releases, summary } = parse(readFileSync(join(directory, file), 'utf8'));
      expect(releases.length, file).toBeGreaterThan(0);
      for (const release of releases) {
        expect(names.has(release.name), `${file}: ${release.name}`).toBe(true);
        expect(['patch', 'minor', 'major'], file).toContain(release.type);
      }
      expect(summary.trim(), file).not.toBe('');
    }
  });
});
