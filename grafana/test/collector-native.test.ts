// Collector-native mode (deploy/otel-collector/native.yaml, generated from the model table): GenAI spans of an app
// without Driftwatch get cost, pinning and context fill in the Collector itself, and the metrics the dashboards and
// alerts read. Run on the built Collector with config.yaml + native.yaml, endpoints moved to loopback ports.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sendSpanTree } from '../../packages/gateway/test/helpers/source-app.ts';
import {
  COLLECTOR_CONFIG_DIRECTORY,
  loopbackCollectorEndpoints,
  type RunningCollector,
  requireCollector,
  shippedCollectorConfig,
  startCollector,
  startTempoStandIn,
} from './support/collector.ts';
import {
  type CollectorConfigDocument,
  deriveTestConfig,
  mergeCollectorConfigs,
} from './support/collector-derivation.ts';
import { pollUntil } from './support/poll.ts';
import { REPOSITORY_ROOT } from './support/queries.ts';

const run = promisify(execFile);
const SERVICE = 'contrib-instrumented-app';
const TABLE = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'packages/processors/data/models.json'), 'utf8')) as {
  models: Record<string, { input: number; output: number; cache_read?: number; context_window: number }>;
  aliases: Record<string, string>;
};
/** Two calls of an app instrumented by the contrib OpenAI instrumentation; the first asks for a floating alias. */
const CALLS = [
  { requested: 'gpt-4o', served: 'gpt-4o-2024-08-06', input: 10_000, cached: 2_048, output: 500 },
  {
    requested: 'gpt-4o-mini-2024-07-18',
    served: 'gpt-4o-mini-2024-07-18',
    input: 1_000,
    cached: undefined,
    output: 100,
  },
] as const;

/** What each call costs at the table's list prices (per million tokens; cached input at the cache-read price). */
function handPriced(call: (typeof CALLS)[number]): number {
  const price = TABLE.models[call.served];
  if (price === undefined) throw new Error(`${call.served} is not in the table`);
  const cached = call.cached ?? 0;
  return (
    ((call.input - cached) * price.input + cached * (price.cache_read ?? price.input) + call.output * price.output) /
    1e6
  );
}

function series(text: string, name: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(`service_name="${SERVICE}"`))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

const collector = requireCollector();

describe('deploy/otel-collector/native.yaml', () => {
  it('is what scripts/generate-collector-native.mts makes of the model table', async () => {
    await run(process.execPath, [join(REPOSITORY_ROOT, 'scripts', 'generate-collector-native.mts'), '--check']);
  });

  it('prices every model of the table, with and without cached tokens, and knows every alias', () => {
    const text = readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'native.yaml'), 'utf8');
    for (const model of Object.keys(TABLE.models))
      expect(text, model).toContain(`"gen_ai.response.model"] == "${model}"`);
    for (const alias of Object.keys(TABLE.aliases))
      expect(text, alias).toContain(`"gen_ai.request.model"] == "${alias}"`);
  });
});

describe.skipIf(collector.skipReason !== '')(`Collector-native mode, live${collector.skipReason}`, () => {
  let sink: OtlpReceiver | undefined;
  const running: RunningCollector[] = [];
  let metricsUrl = '';

  beforeAll(async () => {
    sink = await startOtlpReceiver();
    const standIn = await startTempoStandIn(collector.path, {
      type: 'otlp_http',
      config: { endpoint: sink.url, compression: 'none' },
    });
    running.push(standIn.collector);
    const endpoints = await loopbackCollectorEndpoints(standIn.grpcEndpoint);
    metricsUrl = `http://${endpoints.prometheusExporter}/metrics`;
    const merged = mergeCollectorConfigs<CollectorConfigDocument>(
      shippedCollectorConfig(),
      parse(readFileSync(join(COLLECTOR_CONFIG_DIRECTORY, 'native.yaml'), 'utf8')),
    );
    running.push(await startCollector(collector.path, 'otelcol-native', deriveTestConfig(merged, endpoints, 60)));

    const chat = (call: (typeof CALLS)[number]) => ({
      name: `chat ${call.requested}`,
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': call.requested,
        'gen_ai.response.model': call.served,
        'gen_ai.usage.input_tokens': call.input,
        'gen_ai.usage.output_tokens': call.output,
        ...(call.cached === undefined ? {} : { 'gen_ai.usage.cache_read.input_tokens': call.cached }),
      },
    });
    const resource = { 'service.name': SERVICE, 'deployment.environment.name': 'staging' };
    // An errored request, so tail sampling keeps its trace for the span checks.
    await sendSpanTree({
      endpoint: `http://${endpoints.otlpHttp}`,
      protocol: 'protobuf',
      scope: '@opentelemetry/instrumentation-openai',
      resource,
      plan: { name: 'POST /qualify', error: true, attributes: {}, children: CALLS.map(chat) },
    });
    // A span Driftwatch already processed in its app: left alone, not counted again.
    await sendSpanTree({
      endpoint: `http://${endpoints.otlpHttp}`,
      protocol: 'protobuf',
      scope: '@driftwatch/instrumentation',
      resource,
      plan: chat(CALLS[0]),
    });
    await pollUntil(
      'the native metrics and the kept trace',
      async () => {
        const text = await (await fetch(metricsUrl)).text();
        const counted = series(text, 'driftwatch_context_fill_ratio_count').reduce((sum, value) => sum + value, 0);
        return counted >= CALLS.length && (sink?.spans().length ?? 0) >= 1 + CALLS.length ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${running.map((each) => each.process.output().slice(-3000)).join('\n')}`);
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(running.map((each) => each.stop()));
    await sink?.close();
  });

  it('sets the hand-priced cost, pinning and context fill on each call', () => {
    for (const call of CALLS) {
      const span = sink?.spans().find((candidate) => candidate.name === `chat ${call.requested}`);
      expect(span?.attributes['driftwatch.cost.usd']).toBeCloseTo(handPriced(call), 12);
      expect(span?.attributes['driftwatch.model.pinned']).toBe(call.requested === call.served);
      const window = TABLE.models[call.served]?.context_window ?? 0;
      expect(span?.attributes['driftwatch.context.fill_ratio']).toBeCloseTo(call.input / window, 12);
    }
  });

  it("derives the metrics from the app's calls only, under the canonical names", async () => {
    const text = await (await fetch(metricsUrl)).text();
    const sum = (name: string) => series(text, name).reduce((total, value) => total + value, 0);
    expect(sum('driftwatch_llm_cost_total')).toBeCloseTo(
      CALLS.map(handPriced).reduce((a, b) => a + b, 0),
      12,
    );
    expect(sum('driftwatch_model_unpinned_calls_total')).toBe(1);
    expect(sum('driftwatch_context_fill_ratio_count')).toBe(CALLS.length);
    const fills = CALLS.map((call) => call.input / (TABLE.models[call.served]?.context_window ?? 1));
    expect(sum('driftwatch_context_fill_ratio_sum')).toBeCloseTo(
      fills.reduce((a, b) => a + b, 0),
      12,
    );
  });
});
