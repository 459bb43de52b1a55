#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startMockLlmServer } from './mock-server/start-mock-llm-server';
import type { MockScenario } from './types';

const USAGE = `Usage: driftwatch-mock-llm [--port 8787] [--host 127.0.0.1] [--scenario scenario.json] [--latency-ms 0]

An OpenAI- and Anthropic-compatible mock LLM server. Point an OpenAI client at the printed URL (baseURL), an
Anthropic client at the same URL without /v1.
Inject a fault per request with the header x-mock-fault: rate_limit | server_error | overloaded | hang |
malformed_json | stream_cut | stream_error | missing_usage | bad_request, or script them in the scenario file.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string' },
      'latency-ms': { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const scenario = values.scenario ? (JSON.parse(readFileSync(values.scenario, 'utf8')) as MockScenario) : undefined;
  const server = await startMockLlmServer({
    port: Number(values.port),
    host: values.host,
    latencyMs: Number(values['latency-ms']),
    ...(scenario ? { scenario } : {}),
  });
  console.log(`driftwatch mock LLM listening on ${server.url} (Anthropic SDK baseURL: ${server.anthropicUrl})`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
