import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
 * The framework sources a start without those frameworks may load: each bridge's instrumentation (the module names
 * its hooks wait for) and the AI SDK's global integration, whose code loads when the framework does.
 */
const FRAMEWORK_STUB =
  /^(ai-sdk|mcp|openai-agents)\/(default-instrumentation|instrumentation|integration-registry|host)\.ts$|^shared\/(method-patch|lazy-module)\.ts$/;

const PACKAGE_IN_PATH = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/**
 * What the loaded files hold: the packages loaded from node_modules, and what Driftwatch's bundled files contain
 * by their source maps (the packages bundled into them, and Driftwatch's own framework sources).
 */
function loadedCode(files: string[]): { packages: string[]; frameworkSources: string[] } {
  const packages = new Set<string>();
  const frameworkSources = new Set<string>();
  for (const file of files) {
    const match = PACKAGE_IN_PATH.exec(file);
    if (match?.[1] !== undefined && !match[1].startsWith('@driftwatch/')) packages.add(match[1]);
    if (!file.includes('/instrumentation/dist/') || !existsSync(`${file}.map`)) continue;
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    for (const source of map.sources.map((path) => resolve(dirname(file), path))) {
      const bundled = PACKAGE_IN_PATH.exec(source);
      if (bundled?.[1] !== undefined) packages.add(bundled[1]);
      const framework = /\/instrumentation\/src\/frameworks\/(.+)$/.exec(source);
      if (framework?.[1] !== undefined) frameworkSources.add(framework[1]);
    }
  }
  return { packages: [...packages].sort(), frameworkSources: [...frameworkSources].sort() };
}

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
    const { files, propagationFields } = JSON.parse(result.stdout) as { files: string[]; propagationFields: string[] };
    return { ...loadedCode(files), propagationFields };
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
    const { frameworkSources } = await run();
    expect(frameworkSources).toEqual(
      expect.arrayContaining(['mcp/instrumentation.ts', 'ai-sdk/integration-registry.ts']),
    );
    expect(frameworkSources.filter((file) => !FRAMEWORK_STUB.test(file))).toEqual([]);
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
