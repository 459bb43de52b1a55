import type { ServerResponse } from 'node:http';
import type { FaultName } from '../types';
import type { Reply, SseEvent } from './reply';

function writeChunk(response: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed) return resolve();
    response.write(chunk, () => resolve());
  });
}

function serializeEvent(event: SseEvent): string {
  return (event.event ? `event: ${event.event}\n` : '') + `data: ${event.data}\n\n`;
}

async function writeJson(options: { response: ServerResponse; reply: Reply & { kind: 'json' }; fault?: FaultName }) {
  const { response, reply, fault } = options;
  const text = JSON.stringify(reply.body);
  const sent = fault === 'malformed_json' ? text.slice(0, Math.floor(text.length / 2)) : text;
  response.writeHead(reply.status, {
    ...reply.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(sent)),
  });
  if (fault === 'stream_cut') {
    await writeChunk(response, sent.slice(0, Math.floor(sent.length / 2)));
    response.destroy();
    return;
  }
  response.end(sent);
}

async function writeSse(options: {
  response: ServerResponse;
  reply: Reply & { kind: 'sse' };
  fault?: FaultName;
  streamError?: SseEvent;
}) {
  const { response, reply, fault } = options;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const damaged = fault === 'stream_cut' || fault === 'malformed_json' || fault === 'stream_error';
  const sentCount = damaged ? Math.max(1, Math.floor(reply.events.length / 2)) : reply.events.length;
  for (const event of reply.events.slice(0, sentCount)) {
    if (response.destroyed) return;
    await writeChunk(response, serializeEvent(event));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (fault === 'stream_cut') {
    response.destroy();
    return;
  }
  if (fault === 'stream_error' && options.streamError) {
    response.end(serializeEvent(options.streamError));
    return;
  }
  if (fault === 'malformed_json') {
    const next = reply.events[sentCount] ?? reply.events[sentCount - 1];
    const data = next?.data ?? '{}';
    response.end(`data: ${data.slice(0, Math.floor(data.length / 2))}\n\n`);
    return;
  }
  response.end(reply.endsWithDone ? 'data: [DONE]\n\n' : '');
}

/**
 * Writes an endpoint's reply, damaged as the fault says: malformed_json truncates the JSON (or one SSE event),
 * stream_cut sends part of the answer and then destroys the socket, stream_error sends part of a stream and then
 * `streamError` (the API's error event). Headers set on `response` beforehand are kept.
 */
export async function writeReply(options: {
  response: ServerResponse;
  reply: Reply;
  fault?: FaultName;
  streamError?: SseEvent;
}) {
  const { response, reply, fault } = options;
  if (reply.kind === 'json') {
    await writeJson({ response, reply, ...(fault ? { fault } : {}) });
  } else {
    await writeSse({ ...options, reply });
  }
}
