import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationHarness } from './helpers/evaluation-harness';
import { captureDiag } from './helpers/processor-harness';

const JUDGE = { model: 'gpt-4o-mini-2024-07-18', rubric: 'The answer is polite.', sampleRate: 1 };
const URL_PASSWORD = 'UrlPassw0rdJudge';
const ENDPOINT_KEY = 'pk-endpoint-unknown-format-9f8e7d';

/** A judge endpoint: records each request; under `/refuse/` answers 401 repeating the key it got. */
function startJudgeEndpoint(): Promise<{
  server: Server;
  port: number;
  requests: Array<{ url: string; headers: IncomingHttpHeaders; body: string }>;
}> {
  const requests: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(request.url?.includes('/refuse/') ? 401 : 200, { 'content-type': 'application/json' });
      if (request.url?.includes('/refuse/')) {
        response.end(JSON.stringify({ error: { message: `Invalid key ${request.headers.authorization}` } }));
        return;
      }
      const verdict = { explanation: 'Polite.', score: 1, label: 'pass' };
      response.end(
        JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(verdict) } }] }),
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, requests }));
  });
}

describe('the judge keeps its own credentials and the app’s secrets in the process', () => {
  let endpoint: Awaited<ReturnType<typeof startJudgeEndpoint>>;
  let harness: EvaluationHarness | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    endpoint = await startJudgeEndpoint();
  });
  afterEach(async () => {
    diag.disable();
    await harness?.shutdown();
    harness = undefined;
    endpoint.requests.length = 0;
    process.env = { ...saved };
  });
  afterAll(async () => {
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it('should take credentials out of its base URL: a Basic header without a key, not sent at all with one', async () => {
    const messages = captureDiag();
    process.env.DRIFTWATCH_JUDGE_BASE_URL = `http://judge:${URL_PASSWORD}@127.0.0.1:${endpoint.port}/v1/`;
    delete process.env.DRIFTWATCH_JUDGE_API_KEY;
    delete process.env.OPENAI_API_KEY;
    harness = new EvaluationHarness({ builtins: [], judge: JUDGE });
    harness.chat('Hi, my password is hunter2hunter2', 'Hello! Use sk-proj-ANSWERKEYabcdefghijklmnop0123');
    expect((await harness.eventsOf('llm_judge')).map((event) => event.label)).toEqual(['pass']);
    await harness.shutdown();

    process.env.DRIFTWATCH_JUDGE_API_KEY = 'sk-judge-KEYabcdefghijklmnopqrstu';
    harness = new EvaluationHarness({ builtins: [], judge: JUDGE });
    harness.chat('Hi', 'Hello');
    expect((await harness.eventsOf('llm_judge')).map((event) => event.label)).toEqual(['pass']);

    const [basic, keyed] = endpoint.requests;
    expect(basic?.url).toBe('/v1/chat/completions');
    expect(basic?.headers.authorization).toBe(`Basic ${Buffer.from(`judge:${URL_PASSWORD}`).toString('base64')}`);
    expect(basic?.body).not.toContain('hunter2hunter2');
    expect(basic?.body).not.toContain('ANSWERKEY');
    expect(basic?.body).toContain('my password is [REDACTED]');
    expect(keyed?.headers.authorization).toBe('Bearer sk-judge-KEYabcdefghijklmnopqrstu');
    expect(messages).toEqual([
      '@driftwatch/processors: the judge base URL carries credentials and an API key is set; the key is sent, ' +
        `the URL's credentials are not (calling http://127.0.0.1:${endpoint.port}/v1)`,
    ]);
  });

  it('should report an endpoint error that repeats its key through diag with the key redacted', async () => {
    const messages = captureDiag();
    process.env.DRIFTWATCH_JUDGE_BASE_URL = `http://127.0.0.1:${endpoint.port}/refuse/v1`;
    process.env.DRIFTWATCH_JUDGE_API_KEY = ENDPOINT_KEY;
    harness = new EvaluationHarness({ builtins: [], judge: JUDGE });
    harness.chat('Hi', 'Hello');
    expect((await harness.eventsOf('llm_judge')).map((event) => event.errorType)).toEqual(['401']);
    expect(endpoint.requests[0]?.headers.authorization).toBe(`Bearer ${ENDPOINT_KEY}`);
    expect(messages.join('\n')).toContain(
      'the judge endpoint answered 401: {"error":{"message":"Invalid key Bearer [REDACTED]"}}',
    );
    expect(messages.join('\n')).not.toContain(ENDPOINT_KEY.slice(3, 20));
  });
});
