import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody } from '../shared/http-request';
import type { FaultName } from '../types';
import { InvalidRequestError } from './conversation';
import { faultErrorReply } from './fault-errors';
import { badRequestReply, notFoundReply } from './fault-replies';
import { isFaultName } from './fault-selection';
import { type ParsedBody, parseJsonBody, recordedHeaders } from './http-messages';
import { asRecord, asString } from './json-values';
import type { MockServerState } from './mock-server-state';
import { handleModels } from './models-endpoint';
import type { Reply } from './reply';
import { writeReply } from './reply-writer';
import { findRoute, type Route } from './routes';

const JSON_PARSE_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';

interface CallPlan {
  route: Route | undefined;
  callNumber: number;
  fault: FaultName | undefined;
  unknownFault: string | undefined;
}

function planCall(options: { request: IncomingMessage; path: string; state: MockServerState }): CallPlan {
  const route = findRoute({ method: options.request.method ?? 'GET', path: options.path });
  const callNumber = route?.kind === 'model_call' ? options.state.scenario.beginCall() : 0;
  const header = asString(options.request.headers['x-mock-fault']);
  if (header !== undefined) {
    return isFaultName(header)
      ? { route, callNumber, fault: header, unknownFault: undefined }
      : { route, callNumber, fault: undefined, unknownFault: header };
  }
  const fault = callNumber > 0 ? options.state.scenario.faultFor({ callNumber, path: options.path }) : undefined;
  return { route, callNumber, fault, unknownFault: undefined };
}

function answer(options: {
  plan: CallPlan;
  parsed: ParsedBody;
  method: string;
  path: string;
  state: MockServerState;
}): Reply {
  const { plan, parsed, state } = options;
  if (!plan.route) return notFoundReply({ method: options.method, path: options.path });
  if (plan.unknownFault !== undefined) {
    return badRequestReply({ message: `Unknown x-mock-fault '${plan.unknownFault}'.`, param: null });
  }
  const model = asString(asRecord(parsed.ok ? parsed.value : undefined)?.['model']) ?? 'unknown';
  const faultReply = faultErrorReply({ fault: plan.fault, model, path: options.path });
  if (faultReply) return faultReply;
  if (!parsed.ok) return badRequestReply({ message: JSON_PARSE_MESSAGE, param: null });
  if (plan.route.kind === 'models') return handleModels(plan.route.modelId);
  const context = {
    callNumber: plan.callNumber,
    scenario: state.scenario,
    ids: state.ids,
    created: Math.floor(Date.now() / 1000),
    omitUsage: plan.fault === 'missing_usage',
  };
  try {
    return plan.route.handler({ body: asRecord(parsed.value) ?? {}, context });
  } catch (error) {
    if (error instanceof InvalidRequestError) return badRequestReply(error);
    throw error;
  }
}

/** Answers one request: records it, counts model calls, applies the fault and the latency, writes the reply. */
export async function handleMockRequest(options: {
  request: IncomingMessage;
  response: ServerResponse;
  state: MockServerState;
}): Promise<void> {
  const { request, response, state } = options;
  const startedAt = performance.now();
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://mock.invalid').pathname.replace(/(.)\/+$/, '$1');
  const parsed = parseJsonBody(await readRequestBody(request));
  state.requests.push({ method, path, headers: recordedHeaders(request), body: parsed.ok ? parsed.value : undefined });
  const plan = planCall({ request, path, state });
  if (plan.fault === 'hang') return;
  await state.pause();
  if (state.closed || response.destroyed) return;
  const reply = answer({ plan, parsed, method, path, state });
  response.setHeader('x-request-id', state.ids.next('req_', 32));
  response.setHeader('openai-version', '2020-10-01');
  response.setHeader('openai-processing-ms', String(Math.round(performance.now() - startedAt)));
  const damage = plan.fault === 'malformed_json' || plan.fault === 'stream_cut' ? plan.fault : undefined;
  await writeReply({ response, reply, ...(damage ? { fault: damage } : {}) });
  if (plan.fault === undefined && reply.model !== undefined && reply.usage !== undefined) {
    state.ledger.record({ model: reply.model, usage: reply.usage });
  }
}
