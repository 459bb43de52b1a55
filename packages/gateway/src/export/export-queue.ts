import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import type { NextHop } from './next-hop';

/** One request body waiting to be sent on, with the number of items (spans, points, records) it carries. */
interface PendingExport {
  readonly body: Uint8Array;
  readonly items: number;
}

export interface ExportQueueOptions {
  readonly hop: NextHop;
  /** Most bytes waiting; beyond it the queue refuses (the sender is answered 503 with Retry-After). */
  readonly maxBytes: number;
  /** Sends at once. */
  readonly concurrency: number;
  /** How long one export is retried (backoff from 250 ms doubling to 8 s, or the hop's Retry-After). */
  readonly maxRetryMillis: number;
  /** Told of every item given up, with why. */
  readonly onDrop: (items: number, reason: string) => void;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

function retryAfterMillis(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A bounded queue of export requests to the next hop: retried with backoff while the hop answers 429/502/503/504 or
 * cannot be reached, dropped (and counted) when the hop rejects them, when retries run out, or at shutdown.
 */
export class ExportQueue {
  private readonly options: ExportQueueOptions;
  private readonly pending: PendingExport[] = [];
  private pendingBytes = 0;
  private inFlight = 0;
  private closed = false;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly abort = new AbortController();
  private readonly agent: HttpAgent;

  constructor(options: ExportQueueOptions) {
    this.options = options;
    this.agent = new (options.hop.url.startsWith('https:') ? HttpsAgent : HttpAgent)({
      keepAlive: true,
      maxSockets: options.concurrency,
    });
  }

  /** Whether a request of `bytes` would be refused now. */
  isFull(bytes = 0): boolean {
    return this.pendingBytes > 0 && this.pendingBytes + bytes > this.options.maxBytes;
  }

  /** Queues a body; accepted even past the bound (the caller checked {@link isFull} before doing the work). */
  enqueue(body: Uint8Array, items: number): void {
    if (this.closed) {
      this.options.onDrop(items, 'shutdown');
      return;
    }
    this.pending.push({ body, items });
    this.pendingBytes += body.byteLength;
    this.pump();
  }

  /**
   * Sends what is queued within `timeoutMillis`; what is left is dropped and counted, the sends in flight once
   * aborted (at most `settleMillis` later), so that the count is complete when this resolves.
   */
  async close(timeoutMillis: number, settleMillis = 500): Promise<void> {
    this.closed = true;
    const idle = new Promise<void>((resolve) => {
      if (this.pending.length === 0 && this.inFlight === 0) resolve();
      else this.idleWaiters.push(resolve);
    });
    const timer = delay(timeoutMillis, 'timeout', { ref: false });
    if ((await Promise.race([idle, timer])) === 'timeout') {
      for (const item of this.pending.splice(0)) {
        this.pendingBytes -= item.body.byteLength;
        this.options.onDrop(item.items, 'shutdown');
      }
      this.abort.abort();
      await Promise.race([idle, delay(settleMillis, undefined, { ref: false })]);
    }
    this.agent.destroy();
  }

  stats(): { pendingBytes: number; pendingRequests: number; inFlight: number } {
    return { pendingBytes: this.pendingBytes, pendingRequests: this.pending.length, inFlight: this.inFlight };
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.pending.length > 0) {
      const item = this.pending.shift() as PendingExport;
      this.inFlight += 1;
      void this.send(item).finally(() => {
        this.inFlight -= 1;
        this.pendingBytes -= item.body.byteLength;
        this.pump();
        if (this.pending.length === 0 && this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    }
  }

  /** One POST to the hop over a kept-alive connection: its status and Retry-After (the body is read and dropped). */
  private post(body: Uint8Array): Promise<{ status: number; retryAfter: string | null }> {
    const { hop } = this.options;
    return new Promise((resolve, reject) => {
      const request = (hop.url.startsWith('https:') ? httpsRequest : httpRequest)(hop.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...hop.headers, 'content-type': hop.contentType, 'content-length': String(body.byteLength) },
        timeout: hop.timeoutMillis,
        signal: this.abort.signal,
      });
      request.once('timeout', () => request.destroy(new Error('timeout')));
      request.once('error', reject);
      request.once('response', (response) => {
        response.resume();
        response.once('end', () => {
          const header = response.headers['retry-after'];
          resolve({ status: response.statusCode ?? 0, retryAfter: typeof header === 'string' ? header : null });
        });
        response.once('error', reject);
      });
      request.end(body);
    });
  }

  private async send(item: PendingExport): Promise<void> {
    const { maxRetryMillis, onDrop } = this.options;
    const started = Date.now();
    let backoff = 250;
    for (;;) {
      let wait: number | undefined;
      try {
        const response = await this.post(item.body);
        if (response.status >= 200 && response.status < 300) return;
        if (!RETRYABLE.has(response.status)) {
          onDrop(item.items, `rejected_${response.status}`);
          return;
        }
        wait = retryAfterMillis(response.retryAfter);
      } catch {
        if (this.abort.signal.aborted) {
          onDrop(item.items, 'shutdown');
          return;
        }
      }
      const next = Math.min(wait ?? backoff, 8_000);
      if (Date.now() - started + next > maxRetryMillis) {
        onDrop(item.items, 'retries_exhausted');
        return;
      }
      backoff = Math.min(backoff * 2, 8_000);
      try {
        await delay(next, undefined, { signal: this.abort.signal });
      } catch {
        onDrop(item.items, 'shutdown');
        return;
      }
    }
  }
}
