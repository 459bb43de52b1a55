// The shipped Collector config, run for real: an agent under the one-line register -> the Collector built from
// deploy/otel-collector/builder-config.yaml (OTLP in, tail sampling) -> a trace sink standing in for Tempo (a
// second Collector, OTLP/gRPC in, OTLP/HTTP out to the testkit's receiver) and Prometheus (scraping the Collector's
// prometheus exporter, the shipped rules) -> Alertmanager -> a webhook. The Python example agent (OpenTelemetry SDK,
// OpenInference) sends through the same Collector when .ci/run installed its venv.
//
// The config is deploy/otel-collector/config.yaml with only its endpoints moved to loopback ports and tail
// sampling's waits divided by TIME_FACTOR (one production minute is one second here): the test checks that nothing
// else differs. So the 10-minute run below lasts 10 s, against a decision wait of 15 s (15 minutes shipped) and a
// wait after the root of 167 ms (10 s shipped).
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { ATTR_DRIFTWATCH_AGENT_ESCALATED, ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_TOOL_NAME } from '@driftwatch/semconv';
import { type MockLlmServer, type OtlpReceiver, startMockLlmServer, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonOfVenv } from '../../packages/gateway/test/helpers/python-venv.ts';
import { fastRuleFile } from '../src/fast-rules.ts';
import { requireBinaries } from './support/binaries.ts';
import {
  loopbackCollectorEndpoints,
  type RunningCollector,
  requireCollector,
  shippedCollectorConfig,
  startCollector,
  startTempoStandIn,
} from './support/collector.ts';
import { changedPaths, deriveTestConfig, goDurationMillis } from './support/collector-derivation.ts';
import { type DeliveredAlert, type LiveStack, startLiveStack } from './support/live-stack.ts';
import { counterTotal } from './support/metrics-text.ts';
import { pollUntil } from './support/poll.ts';
import { GRAFANA_ROOT, REPOSITORY_ROOT } from './support/queries.ts';

/** Production time divided by this: a minute is a second. */
const TIME_FACTOR = 60;
/** The escalated run that outlasts what the old 30 s decision wait allowed: 10 production minutes. */
const LONG_RUN_MILLIS = (10 * 60_000) / TIME_FACTOR;
const NORMAL_RUNS = 40;
/** The kinds of run tail sampling must keep, each of them whole. */
const KEPT_KINDS: readonly string[] = ['errored', 'escalated', 'expensive', 'low-score', 'long-escalated'];
const AGENT = 'sampling-agent';
const SERVICE = 'collector-live-agent';
const FIXTURE = join(GRAFANA_ROOT, 'test', 'fixtures', 'sampling-agent.mjs');
const PYTHON = pythonOfVenv();
const PYTHON_SERVICE = 'support-agent-python';

interface RunRecord {
  readonly kind: string;
  readonly traceId: string;
  readonly llmCalls: number;
  readonly toolCalls: number;
}

/** Prometheus 3 built by scripts/build-prometheus.sh when .ci/run made it, else Debian's. */
function prometheusBinary(fallback: string): string {
  const directory = process.env.DRIFTWATCH_PROMETHEUS_DIR;
  return directory !== undefined && directory !== '' ? join(directory, 'prometheus') : fallback;
}

const collector = requireCollector();
const binaries = requireBinaries('prometheus', 'prometheus-alertmanager');
const skipReason = collector.skipReason || binaries.skipReason;

describe('deploy/otel-collector/config.yaml: the variant this test runs', () => {
  it('differs from the shipped config only in endpoints and the tail sampling waits', async () => {
    const shipped = shippedCollectorConfig();
    const derived = deriveTestConfig(
      shipped,
      {
        otlpGrpc: '127.0.0.1:1',
        otlpHttp: '127.0.0.1:2',
        health: '127.0.0.1:3',
        prometheusExporter: '127.0.0.1:4',
        internalTelemetry: '127.0.0.1:5',
        exporters: { 'otlp_grpc/tempo': '127.0.0.1:6' },
      },
      TIME_FACTOR,
    );
    expect(changedPaths(shipped, derived).sort()).toEqual([
      'exporters.otlp_grpc/tempo.endpoint',
      'exporters.prometheus.endpoint',
      'extensions.health_check.endpoint',
      'processors.tail_sampling.decision_wait',
      'processors.tail_sampling.decision_wait_after_root_received',
      'receivers.otlp.protocols.grpc.endpoint',
      'receivers.otlp.protocols.http.endpoint',
      'service.telemetry.metrics.readers.0.pull.exporter.prometheus.host',
      'service.telemetry.metrics.readers.0.pull.exporter.prometheus.port',
    ]);
    const decisionWait = String(derived.processors.tail_sampling?.decision_wait);
    expect(goDurationMillis(decisionWait)).toBe(15_000);
    // The long run outlasts the old 30 s decision wait many times over, and fits the new one.
    expect(LONG_RUN_MILLIS).toBeGreaterThan((30_000 / TIME_FACTOR) * 10);
    expect(LONG_RUN_MILLIS).toBeLessThan(goDurationMillis(decisionWait));
  });
});

describe.skipIf(skipReason !== '')(`the shipped Collector config, live${skipReason}`, () => {
  let llm: MockLlmServer | undefined;
  let sink: OtlpReceiver | undefined;
  let tempoStandIn: RunningCollector | undefined;
  let shippedCollector: RunningCollector | undefined;
  let stack: LiveStack | undefined;
  const runs: RunRecord[] = [];
  let agentOutput = '';
  let pythonEscalated: boolean | undefined;

  const live = () => {
    if (stack === undefined || sink === undefined || shippedCollector === undefined) throw new Error('not started');
    return { stack, sink, collector: shippedCollector };
  };
  const context = () =>
    [
      `agent:\n${agentOutput.slice(-3000)}`,
      `otelcol:\n${shippedCollector?.process.output().slice(-3000)}`,
      `tempo stand-in:\n${tempoStandIn?.process.output().slice(-2000)}`,
    ].join('\n');

  beforeAll(async () => {
    llm = await startMockLlmServer({
      scenario: { responses: [{ match: 'refuse-me', content: "I'm sorry, but I can't help with that." }] },
    });
    sink = await startOtlpReceiver();

    const standIn = await startTempoStandIn(collector.path, {
      type: 'otlp_http',
      config: { endpoint: sink.url, compression: 'none' },
    });
    tempoStandIn = standIn.collector;
    const endpoints = await loopbackCollectorEndpoints(standIn.grpcEndpoint);
    const telemetryUrl = `http://${endpoints.internalTelemetry}/metrics`;
    shippedCollector = await startCollector(
      collector.path,
      'otelcol',
      deriveTestConfig(shippedCollectorConfig(), endpoints, TIME_FACTOR),
    );

    const alerts = join(GRAFANA_ROOT, 'alerts');
    stack = await startLiveStack({
      binaries: {
        prometheus: prometheusBinary(binaries.paths.prometheus),
        alertmanager: binaries.paths['prometheus-alertmanager'],
      },
      appTarget: endpoints.prometheusExporter,
      targetLabels: {},
      metricRelabelConfigs: [],
      ruleFiles: readdirSync(alerts)
        .filter((name) => name.endsWith('.rules.yml'))
        .map((name) => ({
          name,
          content: fastRuleFile(readFileSync(join(alerts, name), 'utf8'), {
            factor: TIME_FACTOR,
            minimumRangeMillis: 6000,
            groupInterval: '1s',
            source: name,
          }),
        })),
    });

    // The agent: every kind of run once, plain runs, the 10-minute run, and a tool outage lasting long enough to
    // page. Its batch span processor exports every 100 ms, so a run's children reach the Collector long before
    // its root span ends.
    const plan = {
      normal: NORMAL_RUNS,
      longRunMillis: LONG_RUN_MILLIS,
      outageMillis: 30_000,
      outageIntervalMillis: 400,
    };
    const child = spawn(
      process.execPath,
      ['--import', '@driftwatch/instrumentation/register', FIXTURE, JSON.stringify(plan)],
      {
        cwd: GRAFANA_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          OPENAI_BASE_URL: llm.url,
          OPENAI_API_KEY: 'sk-test-not-a-real-key',
          OTEL_SERVICE_NAME: SERVICE,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://${endpoints.otlpHttp}`,
          OTEL_METRIC_EXPORT_INTERVAL: '1000',
          OTEL_BSP_SCHEDULE_DELAY: '100',
        },
      },
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      agentOutput += chunk.toString();
    });
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      agentOutput += `${line}\n`;
      if (line.startsWith('{')) runs.push(JSON.parse(line) as RunRecord);
    }
    // A Python agent (examples/python-agent: the openai SDK, OpenInference, plain OpenTelemetry) whose run escalates,
    // when .ci/run installed its venv: it marks the escalation itself (the run-signal contract), so tail sampling
    // keeps its run without the gateway.
    if ('python' in PYTHON) {
      const { stdout } = await promisify(execFile)(
        PYTHON.python,
        [join(REPOSITORY_ROOT, 'examples', 'python-agent', 'agent.py'), '--instrumentation', 'openinference'],
        {
          env: {
            PATH: process.env.PATH ?? '',
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://${endpoints.otlpHttp}`,
            OTEL_SERVICE_NAME: PYTHON_SERVICE,
            OPENAI_BASE_URL: llm.url,
            OPENAI_API_KEY: 'sk-test-not-a-real-key',
          },
        },
      );
      pythonEscalated = (JSON.parse(stdout) as { escalated: boolean }).escalated;
    }
    const traces = new Set(runs.map((run) => run.traceId)).size + (pythonEscalated === undefined ? 0 : 1);

    // Every trace decided (the Collector's own count), then everything it kept delivered to the sink.
    await pollUntil(
      'the Collector to decide every trace',
      async () => {
        const received = await counterTotal(telemetryUrl, 'otelcol_processor_tail_sampling_new_trace_id_received');
        const decided = await counterTotal(telemetryUrl, 'otelcol_processor_tail_sampling_global_count_traces_sampled');
        return received >= traces && decided >= received ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // The decided traces leave through the batch processor: wait for the runs that must be kept (their absence is
    // what the tests below report) and for everything the exporter sent.
    const mustKeep = runs.filter((run) => KEPT_KINDS.includes(run.kind));
    await pollUntil(
      'the sink to hold every run that must be kept and every span the Collector sent',
      async () => {
        const sent = await counterTotal(telemetryUrl, 'otelcol_exporter_sent_spans', {
          exporter: 'otlp_grpc/tempo',
        });
        const spans = live().sink.spans();
        const kept = mustKeep.every(
          (run) => spans.filter((span) => span.traceId === run.traceId).length >= 1 + run.llmCalls + run.toolCalls,
        );
        const python =
          pythonEscalated === undefined ||
          spans.some((span) => span.resource['service.name'] === PYTHON_SERVICE && span.parentSpanId === '');
        return sent > 0 && spans.length >= sent && kept && python ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    ).catch(() => undefined);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stack?.stop(), shippedCollector?.stop(), tempoStandIn?.stop()]);
    await Promise.all([sink?.close(), llm?.close()]);
  });

  const spansOf = (traceId: string) =>
    live()
      .sink.spans()
      .filter((span) => span.traceId === traceId);
  const runOf = (kind: string) => {
    const run = runs.find((candidate) => candidate.kind === kind);
    if (run === undefined) throw new Error(`no ${kind} run; ${context()}`);
    return run;
  };
  /** The whole run: its agent span as the one root, every model and tool call, every parent present. */
  const expectWhole = (run: RunRecord) => {
    const spans = spansOf(run.traceId);
    const ids = new Set(spans.map((span) => span.spanId));
    const roots = spans.filter((span) => span.parentSpanId === '');
    expect(spans.length, `${run.kind}: ${spans.map((span) => span.name).join(', ')}`).toBe(
      1 + run.llmCalls + run.toolCalls,
    );
    expect(roots.map((span) => span.attributes[ATTR_GEN_AI_AGENT_NAME])).toEqual([AGENT]);
    expect(spans.filter((span) => span.parentSpanId !== '' && !ids.has(span.parentSpanId))).toEqual([]);
  };

  it('receives every span once: no span ID twice at the sink', () => {
    const ids = live()
      .sink.spans()
      .map((span) => span.spanId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(KEPT_KINDS.filter((kind) => kind !== 'long-escalated'))('keeps the %s run whole', (kind) => {
    expectWhole(runOf(kind));
  });

  it('keeps the 10-minute escalated run whole: its root ended last, long after its first spans were exported', () => {
    const run = runOf('long-escalated');
    expectWhole(run);
    const spans = spansOf(run.traceId);
    const root = spans.find((span) => span.parentSpanId === '');
    const nanos = (value: string | undefined) => Number(BigInt(value ?? '0') / 1_000_000n);
    const firstChildEnd = Math.min(...spans.filter((span) => span !== root).map((span) => nanos(span.endTimeUnixNano)));
    expect(root?.attributes[ATTR_DRIFTWATCH_AGENT_ESCALATED]).toBe(true);
    expect(nanos(root?.endTimeUnixNano) - nanos(root?.startTimeUnixNano)).toBeGreaterThanOrEqual(LONG_RUN_MILLIS);
    // Its first model call ended (and was exported) more than 8 production minutes before the root.
    expect(nanos(root?.endTimeUnixNano) - firstChildEnd).toBeGreaterThan((8 * 60_000) / TIME_FACTOR);
  });

  it.skipIf('missing' in PYTHON)(
    `keeps the Python agent's escalated run whole${'missing' in PYTHON ? ` (skipped: ${PYTHON.missing})` : ''}`,
    () => {
      expect(pythonEscalated).toBe(true);
      const spans = live()
        .sink.spans()
        .filter((span) => span.resource['service.name'] === PYTHON_SERVICE);
      const roots = spans.filter((span) => span.parentSpanId === '');
      expect(
        roots.map((root) => root.attributes[ATTR_DRIFTWATCH_AGENT_ESCALATED]),
        context(),
      ).toEqual([true]);
      // The run, its two model calls and its tool call: one trace.
      expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
      expect(spans.length).toBeGreaterThanOrEqual(4);
    },
  );

  it('thins the plain runs: each kept whole or not at all, and not all of them kept', () => {
    const normal = runs.filter((run) => run.kind === 'normal');
    const kept = normal.filter((run) => spansOf(run.traceId).length > 0);
    for (const run of kept) expectWhole(run);
    expect(kept.length).toBeLessThan(normal.length);
  });

  it('counts every run in Prometheus, sampled or not (metrics are computed before sampling)', async () => {
    const query = `sum(driftwatch_agent_executions_total{service_name="${SERVICE}"})`;
    const counted = await pollUntil(
      `${query} to count ${runs.length} runs`,
      async () => {
        const value = Number((await live().stack.query(query))[0]?.value?.[1] ?? 0);
        return value >= runs.length ? value : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    ).catch(() => Number.NaN);
    expect(counted, context()).toBe(runs.length);
  });

  it('pages for the tool outage through the shipped rules and Alertmanager', async () => {
    const matches = (alert: DeliveredAlert) =>
      alert.status === 'firing' &&
      alert.labels.alertname === 'DriftwatchToolCallsAllFailing' &&
      alert.labels[ATTR_GEN_AI_TOOL_NAME.replaceAll('.', '_')] === 'send_offer' &&
      alert.labels.service_name === SERVICE;
    const paged = await pollUntil(
      'DriftwatchToolCallsAllFailing for send_offer',
      () => live().stack.delivered.find(matches),
      { timeoutMs: 30_000, intervalMs: 250 },
    ).catch(() => undefined);
    expect(
      paged,
      `${JSON.stringify(live().stack.delivered.map((alert) => alert.labels))}\n${live().stack.logs()}`,
    ).toBeDefined();
    expect(paged?.labels.severity).toBe('P1');
  });
});
