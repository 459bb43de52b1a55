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

export const APP_FILES = {
  'app.mjs': `import OpenAI from 'openai';\nnew OpenAI({ apiKey: 'sk-startup' });\n${REPORT}\n`,
  'app.cjs': `const OpenAI = require('openai');\nnew OpenAI({ apiKey: 'sk-startup' });\n${REPORT}\n`,
  // What a NodeSDK user writes (auto-instrumentations' register, without its instrumentations).
  'nodesdk-start.mjs': `import { NodeSDK } from '@opentelemetry/sdk-node';
const sdk = new NodeSDK();
sdk.start();
process.once('beforeExit', () => sdk.shutdown());
`,
};
