import { createServer } from 'node:http';
import { closeServer, listen, urlHost } from '../shared/http-server';
import type { MockLlmServer, MockLlmServerOptions } from '../types';
import { serverErrorReply } from './fault-replies';
import { MockServerState } from './mock-server-state';
import { writeReply } from './reply-writer';
import { handleMockRequest } from './request-handler';

/**
 * Starts an OpenAI- and Anthropic-compatible HTTP server for tests: chat completions, Responses, embeddings,
 * models and the Messages API, with deterministic answers, realistic payloads, scripted scenarios and injectable
 * faults. Give `server.url` to an OpenAI client as `baseURL`, `server.anthropicUrl` to an Anthropic client.
 */
export async function startMockLlmServer(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  const state = new MockServerState(options);
  const server = createServer((request, response) => {
    handleMockRequest({ request, response, state }).catch(() => {
      if (response.headersSent) {
        response.destroy();
      } else {
        void writeReply({ response, reply: serverErrorReply() });
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen({ server, port: options.port ?? 0, host });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}/v1`,
    anthropicUrl: `http://${urlHost(host)}:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    stats: () => state.ledger.stats(state.scenario.calls),
    setScenario: (scenario) => state.scenario.setScenario(scenario),
    reset: () => state.reset(),
    close: () => {
      if (!closing) {
        state.markClosed();
        closing = closeServer(server);
      }
      return closing;
    },
  };
}
