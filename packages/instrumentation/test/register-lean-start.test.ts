import { join } from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApp } from './helpers/run-app';

const APP = join(__dirname, 'fixtures', 'app-loaded-packages.cjs');
const REGISTER = ['--require', '@driftwatch/instrumentation/register'];

/** Packages a default start must not load: other protocols and exporters, NodeSDK's extras, unused frameworks. */
const NOT_NEEDED_BY_DEFAULT = [
  '@opentelemetry/sdk-node',
  '@grpc/grpc-js',
  '@opentelemetry/exporter-trace-otlp-grpc',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-zipkin',
  '@opentelemetry/exporter-prometheus',
  '@opentelemetry/propagator-b3',
  '@opentelemetry/configuration',
  'yaml',
  '@anthropic-ai/sdk',
  'ai',
  '@openai/agents-core',
  '@modelcontextprotocol/sdk',
];

/**
 * The framework files a start without those frameworks may load: each bridge's instrumentation (the module names
 * its hooks wait for) and the AI SDK's global integration, whose code loads when the framework does.
 */
const FRAMEWORK_STUB =
  /^(ai-sdk|mcp|openai-agents)\/(default-instrumentation|instrumentation|integration-registry)\.js$|^shared\/(method-patch|lazy-module)\.js$/;

describe('register loads what the configuration uses, and nothing else', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  const run = async (env: Record<string, string> = {}) => {
    const result = await runApp({
      script: APP,
      nodeArguments: REGISTER,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { packages: string[]; frameworkFiles: string[]; propagationFields: string[] };
  };

  it('should load only the http/protobuf exporters, W3C propagation and no framework by default', async () => {
    const { packages, propagationFields } = await run();
    expect(packages).toEqual(
      expect.arrayContaining([
        '@opentelemetry/exporter-trace-otlp-proto',
        '@opentelemetry/exporter-metrics-otlp-proto',
        '@opentelemetry/exporter-logs-otlp-proto',
        '@opentelemetry/context-async-hooks',
      ]),
    );
    for (const name of NOT_NEEDED_BY_DEFAULT) expect(packages, name).not.toContain(name);
    expect(propagationFields).toEqual(['traceparent', 'tracestate', 'baggage']);
  });

  it("should not load the framework bridges' code in an app that uses none of the frameworks", async () => {
    const { frameworkFiles } = await run();
    expect(frameworkFiles).toEqual(
      expect.arrayContaining(['mcp/instrumentation.js', 'ai-sdk/integration-registry.js']),
    );
    expect(frameworkFiles.filter((file) => !FRAMEWORK_STUB.test(file))).toEqual([]);
  });

  it('should load the http/json exporters instead with OTEL_EXPORTER_OTLP_PROTOCOL=http/json', async () => {
    const { packages } = await run({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    expect(packages).toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(packages).not.toContain('@opentelemetry/exporter-trace-otlp-proto');
  });

  it('should load no exporter for a signal set to none, and follow OTEL_PROPAGATORS', async () => {
    const { packages, propagationFields } = await run({
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_PROPAGATORS: 'b3multi',
    });
    expect(packages.filter((name) => name.startsWith('@opentelemetry/exporter-'))).toEqual([]);
    expect(propagationFields).toEqual([
      'x-b3-traceid',
      'x-b3-spanid',
      'x-b3-flags',
      'x-b3-sampled',
      'x-b3-parentspanid',
    ]);
  });
});
