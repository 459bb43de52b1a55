import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..', '..');

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  scripts?: Record<string, string>;
  repository?: { type: string; url: string; directory: string };
  publishConfig?: { access?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

export interface Workspace {
  /** Relative to the repository root, e.g. `packages/semconv`. */
  readonly directory: string;
  readonly manifest: PackageManifest;
}

export function readManifest(directory: string): PackageManifest {
  return JSON.parse(readFileSync(join(REPOSITORY_ROOT, directory, 'package.json'), 'utf8')) as PackageManifest;
}

/** Every workspace of the root package.json, globs expanded. */
export function workspaces(): Workspace[] {
  const patterns = (readManifest('.') as PackageManifest & { workspaces: string[] }).workspaces;
  const directories = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(REPOSITORY_ROOT, parent)).map((name) => `${parent}/${name}`);
  });
  return directories
    .filter((directory) => existsSync(join(REPOSITORY_ROOT, directory, 'package.json')))
    .map((directory) => ({ directory, manifest: readManifest(directory) }));
}

/** The workspaces that are published: not private. */
export function publishedWorkspaces(): Workspace[] {
  return workspaces().filter((workspace) => workspace.manifest.private !== true);
}
