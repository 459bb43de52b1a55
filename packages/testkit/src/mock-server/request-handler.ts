import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody } from '../shared/http-request';
import type { FaultName } from '../types';
import { errorRepliesFor } from './api-flavor';
import { InvalidRequestError } from './conversation';
import type { ErrorReplies } from './error-replies';
import { faultErrorReply } from './fault-errors';
import { isFaultName } from './fault-selection';
import { type ParsedBody, parseJsonBody, recordedHeaders } from './http-messages';
import { asRecord, asString } from './json-values';
import type { MockServerState } from './mock-server-state';
import { handleModels } from './models-endpoint';
import type { Reply } from './reply';
import { writeReply } from './reply-writer';
import { findRoute, type Route } from './routes';
import { unknownChatField, unknownFieldReply } from './unknown-field-replies';

/** Faults that damage the wire after the answer started, rather than replacing the answer. */
const WIRE_FAULTS = new Set<FaultName>(['malformed_json', 'stream_cut', 'stream_error']);

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
  replies: ErrorReplies;
}): Reply {
  const { plan, parsed, state, replies } = options;
  if (!plan.route) return replies.notFound({ method: options.method, path: options.path });
  if (plan.unknownFault !== undefined) {
    return replies.badRequest({ message: `Unknown x-mock-fault '${plan.unknownFault}'.`, param: null });
  }
  const body = asRecord(parsed.ok ? parsed.value : undefined);
  const model = asString(body?.['model']) ?? 'unknown';
  const streaming = body?.['stream'] === true;
  const faultReply = faultErrorReply({ fault: plan.fault, model, path: options.path, streaming, replies });
  if (faultReply) return faultReply;
  if (!parsed.ok) return replies.invalidJson();
  if (plan.route.kind === 'models') return handleModels(plan.route.modelId);
  const style = state.rejectUnknownFields;
  if (style !== undefined && options.path.endsWith('/chat/completions') && body !== undefined) {
    const field = unknownChatField(body);
    if (field !== undefined) return unknownFieldReply({ style, field, value: body[field] });
  }
  const context = {
    callNumber: plan.callNumber,
    scenario: state.scenario,
    ids: state.ids,
    promptCache: state.promptCache,
    created: Math.floor(Date.now() / 1000),
    omitUsage: plan.fault === 'missing_usage',
  };
  try {
    return plan.route.handler({ body: body ?? {}, context });
  } catch (error) {
    if (error instanceof InvalidRequestError) return replies.badRequest(error);
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
  const replies = errorRepliesFor({ request, path });
  const reply = answer({ plan, parsed, method, path, state, replies });
  const elapsedMs = performance.now() - startedAt;
  for (const [name, value] of Object.entries(replies.responseHeaders({ ids: state.ids, elapsedMs }))) {
    response.setHeader(name, value);
  }
  const damage = plan.fault !== undefined && WIRE_FAULTS.has(plan.fault) ? plan.fault : undefined;
  await writeReply({ response, reply, ...(damage ? { fault: damage, streamError: replies.streamError() } : {}) });
  // Under missing_usage an endpoint reports only the usage its clients cannot do without (Anthropic streams).
  const reportsUsage = plan.fault === undefined || plan.fault === 'missing_usage';
  if (reportsUsage && reply.model !== undefined && reply.usage !== undefined) {
    state.ledger.record({ model: reply.model, usage: reply.usage });
  }
}
