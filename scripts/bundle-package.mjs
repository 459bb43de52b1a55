#!/usr/bin/env node
// Bundles one package's TypeScript sources into a few CommonJS files (`npm run build` of a package, after `tsc` has
// written the declarations). Loading ~25 files instead of ~460 halved what `register` costs at start-up.
//
// Usage, from a package folder: node ../../scripts/bundle-package.mjs
// The package's `bundle.config.mjs` exports { entries, external, esmEntries? }:
//   entries      name -> source file: each an entry file `dist/<name>.js`; code shared by entries goes to chunks.
//   external     package names (and their subpaths) loaded from node_modules, never bundled.
//   esmEntries   name -> source file: small ES module entries `dist/<name>.mjs`, everything they import external.
// A `require('./relative')` in the sources is a lazy boundary: its target becomes an entry of its own (named by
// its path under src/) and is loaded only when that `require` runs, as it is when the sources run unbundled.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const packageDirectory = process.cwd();
const sourceDirectory = join(packageDirectory, 'src');
const outputDirectory = join(packageDirectory, 'dist');
const config = (await import(pathToFileURL(join(packageDirectory, 'bundle.config.mjs')).href)).default;

const LAZY_REQUIRE = /\brequire\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;
const SOURCE_EXTENSIONS = ['.ts', '.mts'];

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)) ? [path] : [];
  });
}

function resolveSource(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier).replace(/\.js$/, '');
  const found = SOURCE_EXTENSIONS.map((extension) => base + extension).find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new Error(`${relative(packageDirectory, fromFile)}: cannot resolve lazy require('${specifier}')`);
}

/** Entry name of a source file: its path under src/ without the extension (`sdk/start-driftwatch`). */
function entryName(sourceFile) {
  return relative(sourceDirectory, sourceFile).replace(/\.m?ts$/, '');
}

/** Every lazily required source file, by entry name. */
function lazyEntries() {
  const entries = {};
  for (const file of sourceFiles(sourceDirectory)) {
    for (const match of readFileSync(file, 'utf8').matchAll(LAZY_REQUIRE)) {
      const target = resolveSource(file, match[1]);
      entries[entryName(target)] = target;
    }
  }
  return entries;
}

function isExternalPackage(id) {
  return config.external.some((name) => id === name || id.startsWith(`${name}/`));
}

/** Lazy `require('./x')` calls stay `require` calls, of the entry file built for `./x`. */
const lazyBoundaries = {
  name: 'driftwatch-lazy-boundaries',
  resolveId(source, importer, options) {
    if (importer === undefined) return null;
    if (isExternalPackage(source)) return { id: source, external: true };
    if (options.kind !== 'require-call' || !source.startsWith('.') || !importer.startsWith(sourceDirectory))
      return null;
    const target = resolveSource(importer, source);
    return { id: join(outputDirectory, `${entryName(target)}.js`), external: true };
  },
};

/** The folder of the npm package a bundled file belongs to (the innermost `node_modules/<name>`). */
function packageRoot(moduleId) {
  const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(moduleId);
  return match?.[1];
}

const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'];

/**
 * `dist/THIRD-PARTY-NOTICES.md`: each npm package whose code the bundle contains, with its version, license and
 * license text (the packages are devDependencies, so nothing else in the installed tree names them).
 */
function writeThirdPartyNotices(moduleIds) {
  const roots = [...new Set(moduleIds.map(packageRoot).filter((root) => root !== undefined))].sort();
  const path = join(outputDirectory, 'THIRD-PARTY-NOTICES.md');
  if (roots.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  const sections = roots.map((root) => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const licenseFile = LICENSE_FILES.map((name) => join(root, name)).find((file) => existsSync(file));
    const text = licenseFile === undefined ? '(no license file in the package)' : readFileSync(licenseFile, 'utf8');
    return `## ${manifest.name} ${manifest.version} (${manifest.license})\n\n\`\`\`\n${text.trim()}\n\`\`\`\n`;
  });
  const heading = `# Third-party code in this package's bundle\n\nThe files in dist/ contain code of these packages.\n\n`;
  writeFileSync(path, heading + sections.join('\n'));
}

for (const name of readdirSync(outputDirectory, { recursive: true })) {
  if (/\.(c|m)?js(\.map)?$/.test(name)) rmSync(join(outputDirectory, name));
}

const entries = { ...lazyEntries(), ...config.entries };
const common = {
  cwd: packageDirectory,
  platform: 'node',
  plugins: [lazyBoundaries],
  resolve: { mainFields: ['module', 'main'], conditionNames: ['import', 'node', 'default'] },
  treeshake: true,
  logLevel: 'warn',
};
const result = await build({
  ...common,
  input: entries,
  output: {
    dir: outputDirectory,
    format: 'cjs',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    charset: 'ascii',
    // The sources' documentation stays in the shipped sources and maps; the files Node parses at start carry none.
    comments: { legal: true, annotation: true, jsdoc: false },
  },
});
for (const [name, source] of Object.entries(config.esmEntries ?? {})) {
  await build({
    ...common,
    input: { [name]: join(packageDirectory, source) },
    external: () => true,
    output: { dir: outputDirectory, format: 'esm', entryFileNames: '[name].mjs', sourcemap: true },
  });
}
const chunks = result.output.filter((item) => item.type === 'chunk');
writeThirdPartyNotices(chunks.flatMap((chunk) => chunk.moduleIds));
