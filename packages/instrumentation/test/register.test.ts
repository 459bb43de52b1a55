import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  closedPort,
  type MockLlmServer,
  type OtlpReceiver,
  startMockLlmServer,
  startOtlpReceiver,
} from '@driftwatch/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AppRun, runApp } from './helpers/run-app';

const FIXTURES = join(__dirname, 'fixtures');
const REGISTER = ['--import', '@driftwatch/instrumentation/register'];
const WORKLOAD_SPANS = [
  'chat gpt-4o-mini',
  'chat gpt-4o-mini',
  'chat gpt-4o-mini',
  'embeddings text-embedding-3-small',
];

describe('the one-line register, in a real child process', () => {
  let llm: MockLlmServer;
  let receiver: OtlpReceiver;
  let baseline: AppRun;

  const telemetryEnv = (protocol = 'http/protobuf') => ({
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-live-secret-key-must-never-leave-0123456789',
    // The mock is not api.openai.com, where stream usage is asked for by default: opt it in.
    DRIFTWATCH_STREAM_USAGE: 'always',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_SERVICE_NAME: 'lead-agent',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
  });

  const expectWorkloadTelemetry = async () => {
    await receiver.waitFor((current) => current.spans().length >= WORKLOAD_SPANS.length);
    const spans = receiver.spans();
    expect(spans.map((span) => span.name).sort()).toEqual([...WORKLOAD_SPANS].sort());
    for (const span of spans) {
      expect(span.kind).toBe(3);
      expect(span.scope.name).toBe('@driftwatch/instrumentation');
      expect(span.resource['service.name']).toBe('lead-agent');
      expect(span.resource['deployment.environment.name']).toBe('test');
      expect(span.resource['process.command']).toMatch(/\/app[\w-]*\.(c|m)?js$/);
      expect(span.resource['process.command_args']).toBeUndefined();
      expect(span.attributes['server.port']).toBe(llm.port);
    }
    await receiver.waitFor((current) => current.metrics().some((point) => point.name === 'gen_ai.client.token.usage'));
    const tokenPoints = receiver.metrics().filter((point) => point.name === 'gen_ai.client.token.usage');
    const sumOf = (type: string) =>
      tokenPoints
        .filter((point) => point.attributes['gen_ai.token.type'] === type)
        .reduce((total, point) => total + (point.sum ?? 0), 0);
    const { totals } = llm.stats();
    expect(sumOf('input')).toBe(totals.inputTokens);
    expect(sumOf('output')).toBe(totals.outputTokens);
    expect(tokenPoints.every((point) => point.temporality === 'cumulative')).toBe(true);
    const everything = JSON.stringify([receiver.spans(), receiver.metrics(), receiver.logs(), receiver.requests]);
    expect(everything).not.toContain('sk-live-secret-key');
  };

  beforeAll(async () => {
    llm = await startMockLlmServer();
    receiver = await startOtlpReceiver();
    baseline = await runApp({
      script: join(FIXTURES, 'app.mjs'),
      env: { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-test' },
    });
    expect(baseline.code).toBe(0);
  });
  beforeEach(() => {
    receiver.reset();
    llm.reset();
  });
  afterAll(async () => {
    await receiver.close();
    await llm.close();
  });

  it('should trace an ES module app started with --import, output unchanged (http/protobuf)', async () => {
    // A secret on the app's command line stays in the process: the resource has no `process.command_args`.
    const run = await runApp({
      script: join(FIXTURES, 'app.mjs'),
      scriptArguments: ['--api-key', 'sk-live-secret-key-on-the-command-line-0123456789'],
      nodeArguments: REGISTER,
      env: telemetryEnv(),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    expect(receiver.requests.every((request) => request.contentType === 'application/x-protobuf')).toBe(true);
    await expectWorkloadTelemetry();
  });

  it('should trace a CommonJS app that requires register on its first line (http/json)', async () => {
    const run = await runApp({ script: join(FIXTURES, 'app.cjs'), env: telemetryEnv('http/json') });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    expect(receiver.requests.every((request) => request.contentType === 'application/json')).toBe(true);
    await expectWorkloadTelemetry();
  });

  it('should trace an ES module app that imports register on its first line', async () => {
    const run = await runApp({ script: join(FIXTURES, 'app-static-import.mjs'), env: telemetryEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    await expectWorkloadTelemetry();
  });

  it('should trace openai 6 the same way', async () => {
    const appDirectory = join(__dirname, '..', '.test-apps', 'openai-6');
    rmSync(appDirectory, { recursive: true, force: true });
    mkdirSync(join(appDirectory, 'node_modules'), { recursive: true });
    cpSync(dirname(require.resolve('openai-v6')), join(appDirectory, 'node_modules', 'openai'), {
      recursive: true,
    });
    cpSync(join(FIXTURES, 'app.mjs'), join(appDirectory, 'app.mjs'));
    cpSync(join(FIXTURES, 'workload.mjs'), join(appDirectory, 'workload.mjs'));
    const env = { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-test' };
    const plain = await runApp({ script: join(appDirectory, 'app.mjs'), env });
    llm.reset();
    const run = await runApp({ script: join(appDirectory, 'app.mjs'), nodeArguments: REGISTER, env: telemetryEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(plain.stdout);
    await expectWorkloadTelemetry();
    expect(receiver.requests.length).toBeGreaterThan(0);
  });

  it('should patch the CommonJS and the ES module copy of openai in one process, each once', async () => {
    const run = await runApp({ script: join(FIXTURES, 'app-both-copies.cjs'), env: telemetryEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ distinctClasses: true });
    await receiver.waitFor((current) => current.spans().length >= 2);
    expect(
      receiver
        .spans()
        .map((span) => span.name)
        .sort(),
    ).toEqual(['chat gpt-4o', 'chat gpt-4o-mini']);
  });

  it('should not change output or exit code when the collector is down, nor hold the exit', async () => {
    const port = await closedPort();
    const run = await runApp({
      script: join(FIXTURES, 'app.mjs'),
      nodeArguments: REGISTER,
      env: { ...telemetryEnv(), OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    expect(run.durationMs).toBeLessThan(3000 + baseline.durationMs + 2000);
  });

  it('should flush telemetry on SIGTERM and still end the way SIGTERM ends it', async () => {
    const run = await runApp({
      script: join(FIXTURES, 'app-waits-for-signal.mjs'),
      nodeArguments: REGISTER,
      env: telemetryEnv(),
      onLine: { line: 'ready', action: (child) => child.kill('SIGTERM') },
    });
    expect(run.signal).toBe('SIGTERM');
    expect(receiver.spans().map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
  });

  it('should do nothing at all with OTEL_SDK_DISABLED=true', async () => {
    const run = await runApp({
      script: join(FIXTURES, 'app.mjs'),
      nodeArguments: REGISTER,
      env: { ...telemetryEnv(), OTEL_SDK_DISABLED: 'true' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    expect(receiver.requests).toEqual([]);
  });
});
