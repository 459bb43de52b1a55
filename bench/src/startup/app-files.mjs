// The files of the start-up benchmark's app: a clean app that imports `openai` and builds a client, in ES module
// and CommonJS form, each printing its peak RSS as it exits; and a plain NodeSDK start to compare with.

/**
 * Printed by the app itself as it exits, after any flush at `beforeExit`: the process's peak RSS and the CPU time it
 * used (user and system), which other processes on a shared machine disturb far less than wall time.
 */
const REPORT = `process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, cpuMicros: user + system }));
});`;

/** The larger app's own dependencies: 40 packages of 50 small CommonJS modules each, 2,000 modules in all. */
const LARGE_PACKAGES = 40;
const LARGE_PACKAGE_MODULES = 50;

const largePackageName = (index) => `startup-bench-dependency-${index}`;

/**
 * The files of the larger app's dependencies, by path under the app folder (`node_modules/<name>/...`): each package's
 * index requires its modules, each module requires `node:path`. Written after `npm install`, which leaves them.
 */
export function largeDependencyFiles() {
  const files = {};
  for (let index = 0; index < LARGE_PACKAGES; index += 1) {
    const root = `node_modules/${largePackageName(index)}`;
    files[`${root}/package.json`] = JSON.stringify({
      name: largePackageName(index),
      version: '1.0.0',
      main: 'index.js',
    });
    const requires = [];
    for (let module = 0; module < LARGE_PACKAGE_MODULES; module += 1) {
      files[`${root}/lib/module-${module}.js`] =
        `const { join } = require('node:path');\nmodule.exports = (value) => join('${index}', String(value + ${module}));\n`;
      requires.push(`exports.module${module} = require('./lib/module-${module}.js');`);
    }
    files[`${root}/index.js`] = `${requires.join('\n')}\n`;
  }
  return files;
}

const LARGE_REQUIRES = Array.from({ length: LARGE_PACKAGES }, (_, index) => `require('${largePackageName(index)}');`);

export const APP_FILES = {
  'app.mjs': `import OpenAI from 'openai';\nnew OpenAI({ apiKey: 'sk-startup' });\n${REPORT}\n`,
  // The same app with 2,000 more modules of its own dependencies: what a hook on every require costs a real app.
  'app-large.cjs': `${LARGE_REQUIRES.join('\n')}\nconst OpenAI = require('openai');\nnew OpenAI({ apiKey: 'sk-startup' });\n${REPORT}\n`,
  'app.cjs': `const OpenAI = require('openai');\nnew OpenAI({ apiKey: 'sk-startup' });\n${REPORT}\n`,
  // What a NodeSDK user writes (auto-instrumentations' register, without its instrumentations).
  'nodesdk-start.mjs': `import { NodeSDK } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK();
sdk.start();
process.once('beforeExit', () => sdk.shutdown());
`,
};
