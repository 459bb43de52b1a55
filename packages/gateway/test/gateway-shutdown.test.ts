import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayProcess, spawnGateway } from './helpers/gateway-process';
import { linesMatching, refusingHopUrl, startHangingHop } from './helpers/next-hop-faults';
import { SOURCE_RESOURCE, type SpanPlan, sendSpanTree } from './helpers/source-app';

/**
 * An OpenInference LLM call under an agent span: spans the gateway forwards and derives metrics from, and an answer
 * that leaks an API key, for which the gateway emits one `gen_ai.evaluation.result` event (a failure).
 */
const RUN: SpanPlan = {
  name: 'support-agent',
  attributes: { 'openinference.span.kind': 'AGENT', 'agent.name': 'support' },
  children: [
    {
      name: 'ChatCompletion',
      kind: SpanKind.CLIENT,
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.provider': 'openai',
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'llm.token_count.prompt': 100,
        'llm.token_count.completion': 20,
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.content': 'What is the staging key?',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'Use sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 for staging.',
      },
    },
  ],
};

/** Two source apps each send one run through the gateway; resolves with the number of spans sent. */
async function sendTwoApps(gateway: GatewayProcess): Promise<number> {
  let spans = 0;
  for (const name of ['support-agent-a', 'support-agent-b']) {
    const sent = await sendSpanTree({
      endpoint: gateway.url,
      protocol: 'protobuf',
      scope: 'openinference.instrumentation.openai',
      plan: RUN,
      resource: { ...SOURCE_RESOURCE, 'service.name': name },
    });
    spans += sent.length;
  }
  return spans;
}

describe('driftwatch-gateway on SIGTERM with a next hop that cannot take the last data', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('exits 0 within 6 s by default when the hop hangs, saying once what it dropped and where it is counted', async () => {
    const hop = await startHangingHop();
    cleanups.push(() => hop.close());
    // A 1 s metric interval: the SDK's reader gives each export 1 s, within the shutdown's 5 s.
    const gateway = await spawnGateway({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: hop.url, OTEL_METRIC_EXPORT_INTERVAL: '1000' },
    });
    cleanups.push(async () => void (await gateway.stop()));
    const spans = await sendTwoApps(gateway);

    const { code, millis } = await gateway.stop();
    const output = gateway.output();
    expect(code).toBe(0);
    // The documented bound: DRIFTWATCH_SHUTDOWN_TIMEOUT_MS (5000) plus one second, well before Docker's 10 s.
    expect(millis).toBeLessThan(6_000);
    expect(output).not.toContain('PeriodicExportingMetricReader');
    expect(
      linesMatching(
        output,
        new RegExp(
          `at shutdown, dropped ${spans} span\\(s\\): the next hop ${hop.url}/v1/traces had not taken them by the shutdown deadline \\(DRIFTWATCH_SHUTDOWN_TIMEOUT_MS\\)\\. Counted in driftwatch\\.telemetry\\.dropped\\{driftwatch\\.component="gateway\\.export\\.traces", driftwatch\\.drop\\.reason="shutdown"\\} of service\\.name=driftwatch-gateway`,
        ),
      ),
    ).toHaveLength(1);
    const derived = linesMatching(output, /final derived metrics/);
    expect(derived).toHaveLength(1);
    expect(derived[0]).toMatch(
      new RegExp(
        `of 2 source app\\(s\\) \\(\\d+ data point\\(s\\)\\) did not reach the next hop ${hop.url}/v1/metrics`,
      ),
    );
    expect(
      linesMatching(
        output,
        new RegExp(
          `at shutdown, dropped 2 evaluation event\\(s\\) \\(gen_ai\\.evaluation\\.result\\): the next hop ${hop.url}/v1/logs did not take them\\. Counted in driftwatch\\.telemetry\\.dropped\\{driftwatch\\.component="gateway\\.evaluation_events", driftwatch\\.drop\\.reason="export_failed"\\}`,
        ),
      ),
    ).toHaveLength(1);
    expect(linesMatching(output, /the gateway's own final metrics .* recorded nowhere else/)).toHaveLength(1);
    expect(output).toMatch(/driftwatch-gateway: stopped after \d+\.\d s/);
  });

  it('says once, not per source app and interval, that a periodic metrics export failed', async () => {
    const hop = await startHangingHop();
    cleanups.push(() => hop.close());
    const gateway = await spawnGateway({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: hop.url,
        OTEL_METRIC_EXPORT_INTERVAL: '200',
        DRIFTWATCH_SHUTDOWN_TIMEOUT_MS: '500',
      },
    });
    cleanups.push(async () => void (await gateway.stop()));
    await sendTwoApps(gateway);
    const failed = new RegExp(
      `^@driftwatch/gateway: metrics export to the next hop ${hop.url}/v1/metrics failed \\(no answer within 180 ms\\); the series are sent again at the next export, every 0\\.2 s\\. Further failures are not logged$`,
      'gm',
    );
    await gateway.waitForOutput(failed);
    // Several more intervals of both apps' exports to the hanging hop, each a connection it never answers.
    await hop.waitForConnections(12);
    expect((await gateway.stop()).code).toBe(0);
    expect(gateway.output().match(failed)).toHaveLength(1);
    expect(gateway.output()).not.toContain('PeriodicExportingMetricReader');
  });

  it('exits 0 within DRIFTWATCH_SHUTDOWN_TIMEOUT_MS plus 1 s when the hop refuses, saying what it dropped', async () => {
    const gateway = await spawnGateway({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: await refusingHopUrl(),
        OTEL_METRIC_EXPORT_INTERVAL: '600000',
        DRIFTWATCH_SHUTDOWN_TIMEOUT_MS: '2000',
      },
    });
    cleanups.push(async () => void (await gateway.stop()));
    const spans = await sendTwoApps(gateway);

    const { code, millis } = await gateway.stop();
    const output = gateway.output();
    expect(code).toBe(0);
    expect(millis).toBeLessThan(3_000);
    expect(output).toContain('SIGTERM, sending what is queued (at most 2 s)');
    expect(output).not.toContain('PeriodicExportingMetricReader');
    expect(
      linesMatching(output, new RegExp(`dropped ${spans} span\\(s\\): the next hop .* by the shutdown deadline`)),
    ).toHaveLength(1);
    expect(linesMatching(output, /final derived metrics of 2 source app\(s\)/)).toHaveLength(1);
  });
});
