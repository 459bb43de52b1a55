import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@driftwatch/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRun, runApp } from './helpers/run-app';

/** Secrets in formats no built-in shape knows, or in places the review found leaking; all handed to the app. */
const SECRETS = {
  APP_KEY: 'sk-proj-APPKEYneverleaves0123456789abcdef',
  PROXY_KEY: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  ANTHROPIC_PROXY_KEY: 'anthropic-proxy-KEY-77f0c1d2',
  HEADER_KEY: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  QUERY_KEY: 'qkQUERYKEYvalue42',
  OUTPUT_KEY: 'sk-ant-api03-OUTPUTSECRETabcdefghijklmnopqrstuvwxyz0123',
  SCHEME_TOKEN: 'tok_live_SCHEMETOKENabcdefgh',
  PROSE_PASSWORD: 'hunter2hunter2',
  TOOL_PASSWORD: 'ToolArgPassw0rd!',
  COOKIE: 'sess_COOKIEVALUE_abcdef123456',
  SAS_SIGNATURE: 'SASsigVALUE%2Fabc123',
  REPORT_SERVICE_TOKEN: 'rst-ENVTOKENvalue-777',
  JWT: 'eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwicm9sZSI6ImFkbWluIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
};
const JUDGE_USER = 'judgeuser';
const JUDGE_PASSWORD = 'JudgeUrlPass123';
const JUDGE_KEY = 'jk-JUDGEKEYunknownformat-0001';
const VERDICT_SECRET = 'PgPassw0rd';

/** Every 12-character piece of each secret: a secret redacted only in part still fails. */
function fragments(values: readonly string[]): string[] {
  return values.flatMap((value) =>
    value.length <= 12
      ? [value]
      : Array.from({ length: value.length - 11 }, (_, index) => value.slice(index, index + 12)),
  );
}
const NEVER = fragments([...Object.values(SECRETS), JUDGE_PASSWORD, JUDGE_KEY, VERDICT_SECRET]);

function leaksIn(text: string): string[] {
  return NEVER.filter((fragment) => text.includes(fragment)).map((fragment) => {
    const at = text.indexOf(fragment);
    return `${fragment}: …${text.slice(Math.max(0, at - 120), at + 40)}…`;
  });
}

interface JudgeRequest {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** An OpenAI-compatible provider and judge endpoint; under `/bad/` and `/judge-bad/` a 401 that repeats the key. */
function startFakeProvider(): Promise<{ server: Server; url: string; judgeRequests: JudgeRequest[] }> {
  const judgeRequests: JudgeRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const url = request.url ?? '';
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      const parsed = JSON.parse(body || '{}') as {
        model?: string;
        response_format?: { json_schema?: { name?: string } };
      };
      const isJudge = parsed.response_format?.json_schema?.name === 'evaluation_verdict';
      if (isJudge) judgeRequests.push({ url, authorization: request.headers.authorization, body });
      if (url.includes('/bad/') || url.includes('/judge-bad/')) {
        const { authorization, 'api-key': apiKey, 'x-api-key': xApiKey } = request.headers;
        // As proxies do, the bare key: only knowing its exact value can redact it.
        const bearer = authorization?.replace(/^Bearer /, '');
        const credentials = [bearer, apiKey, xApiKey, url].filter(Boolean).join(' ');
        reply(401, { error: { message: `Invalid proxy key; got ${credentials}`, code: 'invalid_api_key' } });
        return;
      }
      const completion = (content: string, toolCalls?: unknown[]) => ({
        id: isJudge ? 'chatcmpl-judge' : 'chatcmpl-app',
        object: 'chat.completion',
        created: 1,
        model: parsed.model,
        choices: [
          {
            index: 0,
            finish_reason: toolCalls === undefined ? 'stop' : 'tool_calls',
            message: { role: 'assistant', content, tool_calls: toolCalls },
          },
        ],
        usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
      });
      if (isJudge) {
        const explanation = `The answer discloses ${SECRETS.OUTPUT_KEY} and postgres://admin:${VERDICT_SECRET}@db/app`;
        reply(200, completion(JSON.stringify({ explanation, score: 0, label: 'fail' })));
        return;
      }
      const toolCall = {
        id: 'call_1',
        type: 'function',
        function: { name: 'login', arguments: JSON.stringify({ username: 'bob', password: SECRETS.TOOL_PASSWORD }) },
      };
      reply(200, completion(`Here is the key: ${SECRETS.OUTPUT_KEY}`, [toolCall]));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, judgeRequests });
    });
  });
}

function runAgent(options: { receiver: OtlpReceiver; providerUrl: string; env: Record<string, string> }) {
  const judgeHost = new URL(options.providerUrl).host;
  return runApp({
    script: join(__dirname, 'fixtures', 'app-secret-structures.mjs'),
    nodeArguments: ['--import', '@driftwatch/instrumentation/register'],
    env: {
      ...SECRETS,
      FAKE_PROVIDER_URL: options.providerUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: options.receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_LOG_LEVEL: 'debug',
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: undefined,
      DRIFTWATCH_JUDGE_MODEL: 'gpt-4o-mini-2024-07-18',
      DRIFTWATCH_JUDGE_RUBRIC: 'The answer discloses no credential.',
      DRIFTWATCH_JUDGE_SAMPLE_RATE: '1',
      DRIFTWATCH_JUDGE_BASE_URL: `http://${JUDGE_USER}:${JUDGE_PASSWORD}@${judgeHost}/judge/v1`,
      ...options.env,
    } as Record<string, string>,
    timeoutMs: 30_000,
  });
}

const hasEvent = (receiver: OtlpReceiver, name: string) =>
  receiver.logs().some((log) => log.attributes['gen_ai.evaluation.name'] === name);

describe('secrets in structures, errors, explanations and the judge never leave the process', () => {
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  let captured: OtlpReceiver;
  let uncaptured: OtlpReceiver;
  let capturedRun: AppRun;
  let uncapturedRun: AppRun;

  beforeAll(async () => {
    provider = await startFakeProvider();
    captured = await startOtlpReceiver();
    uncaptured = await startOtlpReceiver();
    capturedRun = await runAgent({
      receiver: captured,
      providerUrl: provider.url,
      env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', DRIFTWATCH_CONTENT_MAX_LENGTH: '400' },
    });
    await captured.waitFor((current) => hasEvent(current, 'llm_judge') && hasEvent(current, 'user_feedback'));
    uncapturedRun = await runAgent({
      receiver: uncaptured,
      providerUrl: provider.url,
      env: {
        DRIFTWATCH_JUDGE_BASE_URL: `${provider.url}/judge-bad/v1`,
        DRIFTWATCH_JUDGE_API_KEY: JUDGE_KEY,
      },
    });
    await uncaptured.waitFor((current) => hasEvent(current, 'llm_judge'));
  }, 90_000);

  afterAll(async () => {
    await captured.close();
    await uncaptured.close();
    await new Promise((resolve) => provider.server.close(resolve));
  });

  const exported = (receiver: OtlpReceiver) =>
    JSON.stringify({ spans: receiver.spans(), logs: receiver.logs(), metrics: receiver.metrics() });

  it('should run both apps to the end, the bad call failing as it does without Driftwatch', () => {
    for (const run of [capturedRun, uncapturedRun]) {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('bad call failed with status 401');
      expect(run.stdout).toContain('bad claude call failed with status 401');
      expect(run.stdout).toContain('done');
    }
  });

  it('should export no part of any secret, with content capture on or off, nor print one through diag', () => {
    expect(leaksIn(exported(captured))).toEqual([]);
    expect(leaksIn(exported(uncaptured))).toEqual([]);
    // The app prints only the status of its failed call; everything else on the console is Driftwatch's diag.
    expect(leaksIn(capturedRun.stdout + capturedRun.stderr)).toEqual([]);
    expect(leaksIn(uncapturedRun.stdout + uncapturedRun.stderr)).toEqual([]);
  });

  it('should redact the whole value of secret-named properties and keep token counters', () => {
    const toolSpan = captured.spans().find((span) => span.name === 'execute_tool login');
    expect(JSON.parse(String(toolSpan?.attributes['gen_ai.tool.call.arguments']))).toEqual({
      username: 'bob',
      password: '[REDACTED]',
      apiKey: '[REDACTED]',
      headers: { Authorization: '[REDACTED]' },
      max_tokens: 4096,
      input_tokens: 12,
      token_count: 7,
    });
    expect(JSON.parse(String(toolSpan?.attributes['gen_ai.tool.call.result']))).toEqual({
      ok: true,
      sessionCookie: '[REDACTED]',
    });
    const chat = captured.spans().find((span) => span.name === 'chat gpt-4o-mini-2024-07-18');
    const definitions = JSON.parse(String(chat?.attributes['gen_ai.tool.definitions']));
    // A schema describing a password property holds none: it stays.
    expect(definitions[0].parameters.properties.password).toEqual({ type: 'string' });
    const output = JSON.parse(String(chat?.attributes['gen_ai.output.messages']));
    expect(output[0].parts).toContainEqual({
      type: 'tool_call',
      id: 'call_1',
      name: 'login',
      arguments: { username: 'bob', password: '[REDACTED]' },
    });
    expect(chat?.attributes['gen_ai.request.max_tokens']).toBe(100);
  });

  it('should redact a provider error that repeats keys of unknown formats, with capture off', () => {
    const failed = uncaptured.spans().find((span) => span.status.code === 2 && span.name.startsWith('chat'));
    const exception = failed?.events.find((event) => event.name === 'exception');
    expect(String(exception?.attributes['exception.message'])).toMatch(
      /^401 Invalid proxy key; got \[REDACTED\] \[REDACTED\] \/bad\/v1\/chat\/completions\?api-version=2024-10-21&key=\[REDACTED\]$/,
    );
    expect(failed?.status.message).toContain('[REDACTED]');
    const claude = uncaptured.spans().find((span) => span.status.code === 2 && span.name === 'chat claude-haiku-4-5');
    const claudeException = claude?.events.find((event) => event.name === 'exception');
    expect(String(claudeException?.attributes['exception.message'])).toContain(
      'Invalid proxy key; got [REDACTED] /bad/',
    );
  });

  it('should redact explanations of the judge and custom evaluators, and feedback comments', () => {
    const explanations = Object.fromEntries(
      captured
        .logs()
        .map((log) => [log.attributes['gen_ai.evaluation.name'], log.attributes['gen_ai.evaluation.explanation']]),
    );
    expect(explanations.llm_judge).toBe('The answer discloses [REDACTED] and postgres://admin:[REDACTED]@db/app');
    expect(explanations.custom_secret_check).toBe('found [REDACTED] and Token [REDACTED]');
    expect(explanations.user_feedback).toBe('it printed [REDACTED] and [REDACTED]');
  });

  it('should send the judge no secret, and its URL credentials as a Basic header only', () => {
    const [first, second] = provider.judgeRequests;
    expect(first?.url).toBe('/judge/v1/chat/completions');
    expect(first?.authorization).toBe(`Basic ${Buffer.from(`${JUDGE_USER}:${JUDGE_PASSWORD}`).toString('base64')}`);
    expect(second?.url).toBe('/judge-bad/v1/chat/completions');
    expect(second?.authorization).toBe(`Bearer ${JUDGE_KEY}`);
    for (const request of provider.judgeRequests) {
      expect(leaksIn(request.body)).toEqual([]);
      expect(request.body).toContain('[REDACTED]');
    }
    // The failing judge is reported through diag, its error body (repeating its key) redacted.
    expect(uncapturedRun.stdout + uncapturedRun.stderr).toMatch(/the judge endpoint answered 401: .*\[REDACTED\]/);
  });
});
