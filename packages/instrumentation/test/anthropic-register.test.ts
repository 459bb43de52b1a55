import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AppRun, runApp } from './helpers/run-app';

const APP_DIRECTORY = join(__dirname, '..', '.test-apps', 'anthropic');

/**
 * An app that talks to Claude (plain, streamed, through `messages.stream()`) with the SDK's own tracing left on,
 * and falls back from OpenAI to Claude in its own code. Prints what it saw, ids removed.
 */
const WORKLOAD = `
import { trace } from '@opentelemetry/api';

function stable(value) {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'id' && key !== 'created').map(([k, v]) => [k, stable(v)]));
}

export async function runWorkload({ Anthropic, OpenAI }) {
  const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY, baseURL: process.env.ANTHROPIC_BASE_URL, maxRetries: 0 });
  const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 });
  const request = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Qualify the lead from Acme Corp' }] };
  const seen = [];
  seen.push(await anthropic.messages.create(request));
  for await (const event of await anthropic.messages.create({ ...request, stream: true })) seen.push(event);
  seen.push(await anthropic.messages.stream(request).finalMessage());
  await trace.getTracer('lead-app').startActiveSpan('handle lead', async (span) => {
    try {
      seen.push(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: request.messages }, { headers: { 'x-mock-fault': 'server_error' } }));
    } catch (error) {
      seen.push({ openaiFailed: error.status });
      seen.push(await anthropic.messages.create(request));
    }
    span.end();
  });
  process.stdout.write(JSON.stringify(stable(seen)) + '\\n');
}
`;

const APPS: Record<string, string> = {
  'workload.mjs': WORKLOAD,
  'app.mjs': `import Anthropic from '@anthropic-ai/sdk';\nimport OpenAI from 'openai';\nimport { runWorkload } from './workload.mjs';\n\nawait runWorkload({ Anthropic, OpenAI });\n`,
  'app-first-line.mjs': `import '@driftwatch/instrumentation/register';\nimport Anthropic from '@anthropic-ai/sdk';\nimport OpenAI from 'openai';\nimport { runWorkload } from './workload.mjs';\n\nawait runWorkload({ Anthropic, OpenAI });\n`,
  'app.cjs': `require('@driftwatch/instrumentation/register');\nconst Anthropic = require('@anthropic-ai/sdk');\nconst OpenAI = require('openai');\n\nimport('./workload.mjs').then(({ runWorkload }) => runWorkload({ Anthropic, OpenAI }));\n`,
};

const EXPECTED_SPANS = [
  'chat claude-haiku-4-5',
  'chat claude-haiku-4-5',
  'chat claude-haiku-4-5',
  'chat claude-haiku-4-5',
  'chat gpt-4o-mini',
  'handle lead',
];

describe('the one-line register with @anthropic-ai/sdk, in a real child process', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;
  let baseline: AppRun;

  const env = () => ({
    ANTHROPIC_BASE_URL: llm.anthropicUrl,
    ANTHROPIC_API_KEY: 'sk-ant-live-secret-key-must-never-leave-0123456789',
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-test',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SERVICE_NAME: 'lead-agent',
  });

  const expectOneSpanPerCallAndTheFallback = async () => {
    await receiver.waitFor((current) => current.spans().length >= EXPECTED_SPANS.length);
    const spans = receiver.spans();
    expect(spans.map((span) => span.name).sort()).toEqual(EXPECTED_SPANS);
    const chats = spans.filter((span) => span.name.startsWith('chat '));
    expect(chats.every((span) => span.scope.name === '@driftwatch/instrumentation' && span.kind === 3)).toBe(true);
    const served = chats.find((span) => span.attributes['driftwatch.fallback.attempt'] === 2);
    expect(served?.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'driftwatch.fallback.from_provider': 'openai',
      'driftwatch.fallback.reason': '500',
    });
    await receiver.waitFor((current) => current.metrics().some((point) => point.name === 'driftwatch.llm.fallbacks'));
    const fallbacks = receiver.metrics().filter((point) => point.name === 'driftwatch.llm.fallbacks');
    expect(fallbacks.at(-1)).toMatchObject({
      value: 1,
      attributes: {
        'driftwatch.fallback.from_provider': 'openai',
        'driftwatch.fallback.to_provider': 'anthropic',
        'driftwatch.fallback.reason': '500',
      },
    });
    const everything = JSON.stringify([receiver.spans(), receiver.metrics(), receiver.requests]);
    expect(everything).not.toContain('sk-ant-live-secret-key');
  };

  beforeAll(async () => {
    rmSync(APP_DIRECTORY, { recursive: true, force: true });
    mkdirSync(APP_DIRECTORY, { recursive: true });
    for (const [file, text] of Object.entries(APPS)) writeFileSync(join(APP_DIRECTORY, file), text);
    llm = await startMockLlmServer();
    receiver = await startOtlpReceiver();
    baseline = await runApp({
      script: join(APP_DIRECTORY, 'app.mjs'),
      env: { ...env(), OTEL_EXPORTER_OTLP_ENDPOINT: undefined },
    });
    expect(baseline.code).toBe(0);
  });
  beforeEach(() => {
    for (const server of [receiver, llm]) server.reset();
  });
  afterAll(async () => {
    await Promise.all([receiver.close(), llm.close()]);
  });

  it.each([
    ['an ES module app started with --import', 'app.mjs', ['--import', '@driftwatch/instrumentation/register']],
    ['an ES module app that imports register on its first line', 'app-first-line.mjs', []],
    ['a CommonJS app that requires register on its first line', 'app.cjs', []],
  ])('should trace %s: one span per call, output unchanged', async (_label, script, nodeArguments) => {
    const run = await runApp({ script: join(APP_DIRECTORY, script), nodeArguments, env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    await expectOneSpanPerCallAndTheFallback();
  });
});
