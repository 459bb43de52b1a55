import { join } from 'node:path';
import {
  type MockLlmServer,
  type OtlpReceiver,
  type ReceivedSpan,
  startMockLlmServer,
  startOtlpReceiver,
} from '@driftwatch/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { type AppRun, runApp } from './run-app';
import { startToolFanOutProxy, type ToolFanOutProxy } from './tool-fanout-proxy';
import { startToolServer, type ToolServer } from './tool-server';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const REGISTER = ['--import', '@driftwatch/instrumentation/register'];

/** What a framework app talks to: the mock LLM (directly and through the parallel-tool proxy), a tool API, OTLP. */
export interface FrameworkWorld {
  llm: MockLlmServer;
  receiver: OtlpReceiver;
  tools: ToolServer;
  fanOut: ToolFanOutProxy;
}

/** Starts the world once for a test file and closes it afterwards. */
export function useFrameworkWorld(): FrameworkWorld {
  const world = {} as FrameworkWorld;
  beforeAll(async () => {
    world.llm = await startMockLlmServer();
    world.receiver = await startOtlpReceiver();
    world.tools = await startToolServer();
    world.fanOut = await startToolFanOutProxy(world.llm.url);
  });
  afterAll(async () => {
    await world.fanOut?.close();
    await world.tools?.close();
    await world.receiver?.close();
    await world.llm?.close();
  });
  return world;
}

/** The environment of an app in the world; `telemetry` adds where and as whom to export. */
export function appEnvironment(world: FrameworkWorld, serviceName?: string): Record<string, string> {
  const env: Record<string, string> = {
    OPENAI_BASE_URL: world.llm.url,
    OPENAI_API_KEY: 'sk-test',
    TOOL_SERVER_URL: world.tools.url,
    FANOUT_BASE_URL: world.fanOut.url,
  };
  if (serviceName !== undefined) {
    env.OTEL_EXPORTER_OTLP_ENDPOINT = world.receiver.url;
    env.OTEL_SERVICE_NAME = serviceName;
  }
  return env;
}

/** Runs a fixture app and expects it to end cleanly; returns what it printed. */
export async function runFixture(options: {
  script: string;
  register?: boolean;
  env: Record<string, string>;
  cwd?: string;
}): Promise<AppRun> {
  const run = await runApp({
    script: options.script,
    nodeArguments: options.register === true ? REGISTER : [],
    env: options.env,
    cwd: options.cwd,
  });
  expect(run.stderr, run.stderr).not.toMatch(/Error|driftwatch/i);
  expect(run.code).toBe(0);
  return run;
}

/** What an app wrote to stderr, without process ids (Node's warnings carry them). */
export function stableStderr(run: AppRun): string {
  return run.stderr.replace(/\(node:\d+\)/g, '(node)');
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function startOf(span: ReceivedSpan): bigint {
  return BigInt(span.startTimeUnixNano);
}

/** The one root span (no parent) named `name` of a service. */
export function rootSpan(spans: readonly ReceivedSpan[], name: string, service?: string): ReceivedSpan {
  const roots = spans.filter(
    (span) =>
      span.name === name &&
      span.parentSpanId === '' &&
      (service === undefined || span.resource['service.name'] === service),
  );
  expect(roots.map((span) => span.name)).toEqual([name]);
  return roots[0] as ReceivedSpan;
}

/** The spans of one trace. */
export function traceOf(spans: readonly ReceivedSpan[], root: ReceivedSpan): ReceivedSpan[] {
  return spans.filter((span) => span.traceId === root.traceId);
}

/**
 * A trace as indented lines `name KIND [error.type]`, children in start order: names, kinds and parentage at a
 * glance (and every span of the trace is in it exactly once, or the count check below fails).
 */
export function spanTree(spans: readonly ReceivedSpan[], root: ReceivedSpan): string[] {
  const trace = traceOf(spans, root);
  const lines: string[] = [];
  const visit = (span: ReceivedSpan, depth: number) => {
    const errorType = span.attributes['error.type'];
    const note = errorType === undefined ? '' : ` [${String(errorType)}]`;
    lines.push(`${'  '.repeat(depth)}${span.name} ${KINDS[span.kind]}${note}`);
    const children = trace
      .filter((child) => child.parentSpanId === span.spanId)
      .sort((left, right) => (startOf(left) < startOf(right) ? -1 : startOf(left) > startOf(right) ? 1 : 0));
    for (const child of children) visit(child, depth + 1);
  };
  visit(root, 0);
  expect(lines).toHaveLength(trace.length);
  return lines;
}

/** The children of a span, in start order. */
export function childrenOf(spans: readonly ReceivedSpan[], parent: ReceivedSpan): ReceivedSpan[] {
  return spans
    .filter((span) => span.parentSpanId === parent.spanId && span.traceId === parent.traceId)
    .sort((left, right) => (startOf(left) < startOf(right) ? -1 : startOf(left) > startOf(right) ? 1 : 0));
}
