import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  closedPortUrl,
  type MockLlmServer,
  type OtlpReceiver,
  startMockLlmServer,
  startOtlpReceiver,
} from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRun, runApp } from './helpers/run-app';

const FIXTURES = join(__dirname, 'fixtures');
const REGISTER = ['--import', '@driftwatch/instrumentation/register'];
const SHUTDOWN_BOUND_MS = 1000;

/** A TCP "collector" that accepts and then misbehaves: never answers (`hang`) or resets the connection (`reset`). */
async function startBrokenCollector(mode: 'hang' | 'reset'): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (mode === 'reset') socket.resetAndDestroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('a misbehaving collector never becomes the app’s incident', () => {
  let llm: MockLlmServer;
  let baseline: AppRun;
  const appEnv = () => ({
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'sk-test',
    BURST_CALLS: '40',
    DRIFTWATCH_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
  });

  beforeAll(async () => {
    llm = await startMockLlmServer();
    baseline = await runApp({ script: join(FIXTURES, 'app-burst.mjs'), env: appEnv() });
    expect(baseline.code).toBe(0);
  });
  afterAll(() => llm.close());

  /** Same output and exit code as without Driftwatch; never held longer than the shutdown bound. */
  function expectUnharmed(run: AppRun): void {
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    expect(run.durationMs).toBeLessThan(baseline.durationMs + SHUTDOWN_BOUND_MS + 2500);
  }

  it.each(['hang', 'reset'] as const)('should not notice a collector that %ss', async (mode) => {
    const collector = await startBrokenCollector(mode);
    try {
      const run = await runApp({
        script: join(FIXTURES, 'app-burst.mjs'),
        nodeArguments: REGISTER,
        env: { ...appEnv(), OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
      });
      expectUnharmed(run);
    } finally {
      await collector.close();
    }
  });

  it('should exit without waiting when nothing listens, saying so in one line without secrets', async () => {
    const endpoint = await closedPortUrl();
    const run = await runApp({
      script: join(FIXTURES, 'app-burst.mjs'),
      nodeArguments: REGISTER,
      // A shutdown bound far beyond the run's own time limit: the app must end without waiting for it.
      env: {
        ...appEnv(),
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer collector-secret-token',
        DRIFTWATCH_SHUTDOWN_TIMEOUT_MS: '600000',
      },
      timeoutMs: 15_000,
    });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(baseline.stdout);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^@driftwatch/instrumentation: telemetry export to ${endpoint}/v1/(traces|metrics|logs) failed \\(ECONNREFUSED\\)`,
      ),
    );
    expect(run.stderr).not.toContain('collector-secret-token');
    expect(run.stderr).not.toContain('sk-test');
  });

  it('should stay silent about a refused collector when OTEL_LOG_LEVEL=none', async () => {
    const run = await runApp({
      script: join(FIXTURES, 'app-burst.mjs'),
      nodeArguments: REGISTER,
      env: { ...appEnv(), OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(), OTEL_LOG_LEVEL: 'none' },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it.each([503, 429])('should not notice a collector answering %i', async (status) => {
    const collector = await startOtlpReceiver({ respondWith: () => status });
    try {
      const run = await runApp({
        script: join(FIXTURES, 'app-burst.mjs'),
        nodeArguments: REGISTER,
        env: { ...appEnv(), OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
      });
      expectUnharmed(run);
      expect(collector.requests.length).toBeGreaterThan(0);
    } finally {
      await collector.close();
    }
  });

  describe('with traces and metrics going to different places', () => {
    let metrics: OtlpReceiver;
    beforeAll(async () => {
      metrics = await startOtlpReceiver();
    });
    afterAll(() => metrics.close());

    it('should drop what a hung collector cannot take, count it, warn once, and not hold the exit', async () => {
      const collector = await startBrokenCollector('hang');
      try {
        const run = await runApp({
          script: join(FIXTURES, 'app-burst.mjs'),
          nodeArguments: REGISTER,
          env: {
            ...appEnv(),
            BURST_CALLS: '120',
            OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
            OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${metrics.url}/v1/metrics`,
            OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${metrics.url}/v1/logs`,
            OTEL_BSP_MAX_QUEUE_SIZE: '20',
            OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10',
            OTEL_BSP_SCHEDULE_DELAY: '50',
            OTEL_LOG_LEVEL: 'warn',
          },
        });
        const plain = await runApp({
          script: join(FIXTURES, 'app-burst.mjs'),
          env: { ...appEnv(), BURST_CALLS: '120' },
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toBe(plain.stdout);
        await metrics.waitFor((current) =>
          current.metrics().some((point) => point.name === 'driftwatch.telemetry.dropped'),
        );
        const dropped = metrics
          .metrics()
          .filter(
            (point) =>
              point.name === 'driftwatch.telemetry.dropped' &&
              point.attributes['driftwatch.component'] === 'exporter.traces',
          );
        const latest = (reason: string) =>
          Math.max(
            0,
            ...dropped.filter((p) => p.attributes['driftwatch.drop.reason'] === reason).map((p) => p.value ?? 0),
          );
        // 120 spans: at most 4 batches of 10 wait on the hung collector and 20 more in the queue; the rest is counted.
        expect(latest('queue_full') + latest('export_backlog')).toBeGreaterThanOrEqual(60);
        expect(latest('queue_full') + latest('export_backlog')).toBeLessThanOrEqual(120);
        expect(run.stderr.match(/already waiting on the collector/g)).toHaveLength(1);
        // The app ended when its work did, plus at most the flush bound: the hung exports did not hold it.
        expect(run.durationMs).toBeLessThan(plain.durationMs + SHUTDOWN_BOUND_MS + 2500);
      } finally {
        await collector.close();
      }
    });

    it('should deliver again once the collector recovers', async () => {
      let traceRequests = 0;
      const collector = await startOtlpReceiver({
        respondWith: (signal) => (signal === 'traces' && ++traceRequests <= 2 ? 503 : 200),
      });
      try {
        const run = await runApp({
          script: join(FIXTURES, 'app-burst.mjs'),
          nodeArguments: REGISTER,
          env: {
            ...appEnv(),
            BURST_PAUSE_MS: '20',
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
            OTEL_BSP_SCHEDULE_DELAY: '100',
          },
        });
        expectUnharmed({ ...run, durationMs: run.durationMs - 40 * 20 });
        await collector.waitFor((current) => current.spans().length >= 20);
        expect(traceRequests).toBeGreaterThan(2);
        // Batches refused while it was down were retried by the exporter or counted; the later ones all arrived.
        expect(collector.spans().length).toBeGreaterThanOrEqual(20);
        expect(collector.spans().length).toBeLessThanOrEqual(40);
      } finally {
        await collector.close();
      }
    });
  });
});
