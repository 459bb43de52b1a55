import { configureAgentTracing, ToolResultSchemaError, tool, traceAgent, traceTool } from '@driftwatch/instrumentation';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryTelemetry } from './helpers/in-memory-telemetry';
import { startToolServer, type ToolServer } from './helpers/tool-server';

/** The CRM's agreed response; `schema_changed` renames its fields, as a vendor's silent API change would. */
const LeadSchema = z.object({
  id: z.string(),
  status: z.enum(['qualified', 'disqualified']),
  owner: z.object({ id: z.string(), name: z.string() }),
});

describe('traceTool', () => {
  let telemetry: InMemoryTelemetry;
  let crm: ToolServer;

  beforeAll(async () => {
    telemetry = new InMemoryTelemetry();
    crm = await startToolServer();
  });
  afterEach(async () => {
    configureAgentTracing({ captureContent: false });
    await telemetry.reset();
  });
  afterAll(async () => {
    await crm.close();
    await telemetry.shutdown();
  });

  /** A tool the way apps write them: fetch, throw on a bad status, parse JSON. */
  async function fetchLead(id: string, fault?: string, signal?: AbortSignal): Promise<unknown> {
    const response = await fetch(`${crm.url}/leads/${id}${fault ? `?fault=${fault}` : ''}`, { signal });
    if (!response.ok) throw new Error(`CRM answered ${response.status}`);
    return response.json();
  }

  function onlySpan(): ReadableSpan {
    const spans = telemetry.spans();
    expect(spans).toHaveLength(1);
    return spans[0] as ReadableSpan;
  }

  async function toolCalls() {
    return (await telemetry.counter('driftwatch.tool.calls')).map((point) => ({ ...point.attributes, n: point.value }));
  }

  it('should record a successful call with its HTTP status and no error.type', async () => {
    const lead = await traceTool({ name: 'crm_get_lead', resultSchema: LeadSchema }, () => fetchLead('L-1'));

    expect(lead).toEqual({ id: 'L-1', status: 'qualified', owner: { id: 'u-7', name: 'Ada' } });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'crm_get_lead',
      'gen_ai.tool.type': 'function',
      'http.response.status_code': 200,
    });
    expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', n: 1 }]);
  });

  it('should classify a 500 the tool turned into its own error by the status its request got', async () => {
    const failing = traceTool({ name: 'crm_get_lead' }, () => fetchLead('L-2', '500'));

    await expect(failing).rejects.toThrow('CRM answered 500');
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('500');
    expect(span.attributes['http.response.status_code']).toBe(500);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '500' });
    expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', 'error.type': '500', n: 1 }]);
  });

  it('should classify a 429 with retry-after as rate_limited', async () => {
    await expect(traceTool({ name: 'crm_get_lead' }, () => fetchLead('L-3', '429'))).rejects.toThrow();
    expect(onlySpan().attributes['error.type']).toBe('rate_limited');
  });

  it('should classify a hanging API cut by the tool’s own timeout as timeout', async () => {
    const hanging = traceTool({ name: 'crm_get_lead' }, () => fetchLead('L-4', 'hang', AbortSignal.timeout(100)));

    await expect(hanging).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(onlySpan().attributes['error.type']).toBe('timeout');
  });

  it('should flag a changed response schema as malformed_result and still return the result unchanged', async () => {
    const lead = await traceTool({ name: 'crm_get_lead', resultSchema: LeadSchema }, () =>
      fetchLead('L-5', 'schema_changed'),
    );

    expect(lead).toEqual({ lead_id: 5, state: 'qualified', owner_id: 7 });
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('malformed_result');
    expect(span.attributes['http.response.status_code']).toBe(200);
    // Content capture off: where the result broke the schema, not the library's messages (they may quote values).
    expect(span.attributes['driftwatch.tool.schema.issues']).toEqual([
      '$.id: invalid',
      '$.status: invalid',
      '$.owner: invalid',
    ]);
    expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', 'error.type': 'malformed_result', n: 1 }]);
  });

  it('should redact a credential in a schema message before cutting it, so no part of it survives the cut', async () => {
    const key = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd';
    const longMessageSchema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        // The key straddles the 160-character cut of an issue.
        validate: () => ({ issues: [{ message: `${'x'.repeat(135)} token ${key}`, path: ['auth'] }] }),
      },
    };
    configureAgentTracing({ captureContent: true });
    await traceTool({ name: 'login', resultSchema: longMessageSchema }, () => ({ auth: 'ok' }));

    const [issue] = onlySpan().attributes['driftwatch.tool.schema.issues'] as string[];
    expect(issue?.length).toBeLessThanOrEqual(160);
    expect(issue).not.toContain('sk-proj-');
    expect(issue).not.toContain('AbCdEfGh');
  });

  it('should name the schema library’s messages with content capture on, and only then', async () => {
    // valibot and arktype quote the failing value in their messages; this schema does the same.
    const quotingSchema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (value: unknown) => ({
          issues: [{ message: `Invalid UUID: Received "${(value as { id: string }).id}"`, path: ['id'] }],
        }),
      },
    };
    const patient = () => ({ id: 'ssn-078-05-1120' });

    await traceTool({ name: 'patient_lookup', resultSchema: quotingSchema }, patient);
    configureAgentTracing({ captureContent: true });
    await traceTool({ name: 'patient_lookup', resultSchema: quotingSchema }, patient);

    const [quiet, captured] = telemetry.spans();
    expect(quiet?.attributes['driftwatch.tool.schema.issues']).toEqual(['$.id: invalid']);
    expect(JSON.stringify([quiet?.attributes, quiet?.events, quiet?.status])).not.toContain('078-05-1120');
    expect(captured?.attributes['driftwatch.tool.schema.issues']).toEqual([
      '$.id: Invalid UUID: Received "ssn-078-05-1120"',
    ]);
  });

  it('should redact a credential a schema library quotes in its message, with content capture on', async () => {
    const quotingSchema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (value: unknown) => ({
          issues: [{ message: `Invalid UUID: Received "${(value as { id: string }).id}"`, path: ['id'] }],
        }),
      },
    };
    configureAgentTracing({ captureContent: true });
    await traceTool({ name: 'key_lookup', resultSchema: quotingSchema }, () => ({
      id: 'sk-proj-QUOTEDKEYabcdefghijklmnop0123',
    }));
    expect(onlySpan().attributes['driftwatch.tool.schema.issues']).toEqual([
      '$.id: Invalid UUID: Received "[REDACTED]"',
    ]);
  });

  it('should throw a clear ToolResultSchemaError for a malformed result when asked to', async () => {
    const strict = traceTool({ name: 'crm_get_lead', resultSchema: LeadSchema, onMalformedResult: 'throw' }, () =>
      fetchLead('L-6', 'schema_changed'),
    );

    const error = await strict.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ToolResultSchemaError);
    expect((error as ToolResultSchemaError).message).toMatch(
      /^Tool "crm_get_lead" returned a result that does not match its resultSchema: \$\.id: /,
    );
    expect((error as ToolResultSchemaError).result).toEqual({ lead_id: 6, state: 'qualified', owner_id: 7 });
    expect(onlySpan().attributes['error.type']).toBe('malformed_result');
  });

  it('should apply an async Standard Schema without making the caller wait for it', async () => {
    let release: (() => void) | undefined;
    const slowSchema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: () =>
          new Promise<{ issues: Array<{ message: string; path: string[] }> }>((resolve) => {
            release = () => resolve({ issues: [{ message: 'missing', path: ['id'] }] });
          }),
      },
    };

    const value = await traceTool({ name: 'slow_schema', resultSchema: slowSchema }, async () => ({ ok: true }));

    expect(value).toEqual({ ok: true });
    expect(telemetry.spans()).toHaveLength(0);
    release?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(onlySpan().attributes['driftwatch.tool.schema.issues']).toEqual(['$.id: invalid']);
  });

  it('should classify a fetch Response the tool returns by its status, and hand back the same Response', async () => {
    let returned: Response | undefined;
    const response = await traceTool({ name: 'crm_raw' }, async () => {
      returned = await fetch(`${crm.url}/leads/L-7?fault=500`);
      return returned;
    });

    expect(response).toBe(returned);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ error: 'internal' });
    expect(onlySpan().attributes).toMatchObject({ 'error.type': '500', 'http.response.status_code': 500 });
  });

  it('should classify errors that carry a status (SDK clients, axios-style) and plain exceptions by class', async () => {
    const withStatus = Object.assign(new Error('Request failed'), { response: { status: 503, headers: {} } });
    const withRetryAfter = Object.assign(new Error('Too busy'), { status: 503, headers: { 'retry-after': '3' } });
    await expect(traceTool({ name: 'a' }, () => Promise.reject(withStatus))).rejects.toBe(withStatus);
    await expect(traceTool({ name: 'b' }, () => Promise.reject(withRetryAfter))).rejects.toBe(withRetryAfter);
    expect(() =>
      traceTool({ name: 'c' }, () => {
        throw new SyntaxError('bad JSON');
      }),
    ).toThrow(SyntaxError);
    await expect(traceTool({ name: 'd' }, () => Promise.reject('a string'))).rejects.toBe('a string');

    const types = Object.fromEntries(
      telemetry.spans().map((span) => [span.attributes['gen_ai.tool.name'], span.attributes['error.type']]),
    );
    expect(types).toEqual({ a: '503', b: 'rate_limited', c: 'SyntaxError', d: '_OTHER' });
  });

  it('should leave the caller’s result untouched when the schema check itself throws', async () => {
    const brokenSchema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: () => {
          throw new Error('schema bug');
        },
      },
    };
    const result = { id: 'L-8' };

    const value = await traceTool({ name: 'crm_get_lead', resultSchema: brokenSchema }, async () => result);

    expect(value).toBe(result);
    expect(onlySpan().attributes['error.type']).toBeUndefined();
  });

  it('should rethrow the very error a throwing tool throws, sync or async', async () => {
    const syncError = new TypeError('sync');
    const asyncError = new RangeError('async');
    let caught: unknown;
    try {
      traceTool({ name: 'sync_tool' }, () => {
        throw syncError;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(syncError);
    await expect(traceTool({ name: 'async_tool' }, async () => Promise.reject(asyncError))).rejects.toBe(asyncError);
    const events = telemetry.spans().map((span) => span.events.map((event) => event.name));
    expect(events).toEqual([['exception'], ['exception']]);
  });

  it('should wrap a function with tool(): same this, arguments and result, arguments captured only when asked', async () => {
    const crmClient = {
      prefix: 'crm:',
      update: tool(
        { name: 'crm_update', callId: (_id: string, fields: { callId?: string }) => fields.callId },
        function (this: { prefix: string }, id: string, fields: { status: string; callId?: string }) {
          return Promise.resolve(`${this.prefix}${id}=${fields.status}`);
        },
      ),
    };
    expect(crmClient.update.name).toBe('crm_update');
    expect(crmClient.update.length).toBe(2);

    expect(await crmClient.update('L-9', { status: 'qualified', callId: 'call_1' })).toBe('crm:L-9=qualified');
    configureAgentTracing({ captureContent: true });
    expect(await crmClient.update('L-10', { status: 'lost' })).toBe('crm:L-10=lost');

    const [quiet, captured] = telemetry.spans();
    expect(quiet?.attributes['gen_ai.tool.call.id']).toBe('call_1');
    expect(quiet?.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(quiet?.attributes['gen_ai.tool.call.result']).toBeUndefined();
    expect(JSON.parse(String(captured?.attributes['gen_ai.tool.call.arguments']))).toEqual([
      'L-10',
      { status: 'lost' },
    ]);
    expect(JSON.parse(String(captured?.attributes['gen_ai.tool.call.result']))).toBe('crm:L-10=lost');
  });

  it('should keep captured results valid JSON within budget, with secrets redacted', async () => {
    configureAgentTracing({ captureContent: true, contentMaxLength: 300 });
    const big = { token: 'sk-proj-abcdefghijklmnopqrstuvwxyz123456', notes: 'x'.repeat(10_000) };

    const value = await traceTool({ name: 'big', arguments: { q: 1 } }, async () => big);

    expect(value).toBe(big);
    const span = onlySpan();
    const result = String(span.attributes['gen_ai.tool.call.result']);
    expect(result.length).toBeLessThanOrEqual(300);
    expect(JSON.parse(result).token).toBe('[REDACTED]');
    expect(span.attributes['driftwatch.content.truncated']).toBe('gen_ai.tool.call.result');
    configureAgentTracing({ contentMaxLength: 16384 });
  });

  it('should label tool metrics with the enclosing agent', async () => {
    await traceAgent({ name: 'lead-qualifier' }, () => traceTool({ name: 'crm_get_lead' }, () => fetchLead('L-11')));
    const calls = await toolCalls();
    expect(calls).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', 'gen_ai.agent.name': 'lead-qualifier', n: 1 }]);
  });

  describe('a tool that returns an error body instead of throwing', () => {
    /** The README's tool: whatever the API answers, parsed and returned. */
    const getLead = (id: string, fault?: string) => async () =>
      (await fetch(`${crm.url}/leads/${id}${fault ? `?fault=${fault}` : ''}`)).json();

    it('should record a 500 body returned without a schema as failed with error.type 500, returning it unchanged', async () => {
      const lead = await traceTool({ name: 'crm_get_lead' }, getLead('L-20', '500'));

      expect(lead).toEqual({ error: 'internal' });
      const span = onlySpan();
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '500' });
      expect(span.attributes).toEqual({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'crm_get_lead',
        'gen_ai.tool.type': 'function',
        'http.response.status_code': 500,
        'error.type': '500',
      });
      expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', 'error.type': '500', n: 1 }]);
    });

    it('should record the HTTP status rather than malformed_result when the error body fails the schema', async () => {
      const lead = await traceTool({ name: 'crm_get_lead', resultSchema: LeadSchema }, getLead('L-21', '500'));

      expect(lead).toEqual({ error: 'internal' });
      const span = onlySpan();
      expect(span.attributes['error.type']).toBe('500');
      expect(span.attributes['driftwatch.tool.schema.issues']).toBeUndefined();
      expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', 'error.type': '500', n: 1 }]);
    });

    it('should still throw ToolResultSchemaError in throw mode, the span reading the HTTP status', async () => {
      const strict = traceTool(
        { name: 'crm_get_lead', resultSchema: LeadSchema, onMalformedResult: 'throw' },
        getLead('L-22', '500'),
      );

      await expect(strict).rejects.toBeInstanceOf(ToolResultSchemaError);
      expect(onlySpan().attributes['error.type']).toBe('500');
    });

    it('should record a 429 body returned as rate_limited', async () => {
      expect(await traceTool({ name: 'crm_get_lead' }, getLead('L-23', '429'))).toEqual({ error: 'slow down' });
      expect(onlySpan().attributes).toMatchObject({ 'error.type': 'rate_limited', 'http.response.status_code': 429 });
    });

    it('should not count a 500 that a retry made up for', async () => {
      const lead = await traceTool({ name: 'crm_get_lead', resultSchema: LeadSchema }, async () => {
        const first = await fetch(`${crm.url}/leads/L-24?fault=500`);
        if (first.ok) return first.json();
        await first.body?.cancel();
        return (await fetch(`${crm.url}/leads/L-24`)).json();
      });

      expect(lead).toEqual({ id: 'L-24', status: 'qualified', owner: { id: 'u-7', name: 'Ada' } });
      const span = onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['error.type']).toBeUndefined();
      expect(span.attributes['http.response.status_code']).toBe(200);
      expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', n: 1 }]);
    });

    it('should count a 500 of a concurrent fan-out, whichever request answered last', async () => {
      const parts = await traceTool({ name: 'crm_get_leads' }, () =>
        Promise.all([getLead('L-25', 'held_500')(), getLead('L-26?release=1')()]),
      );

      expect(parts).toEqual([
        { error: 'internal' },
        { id: 'L-26', status: 'qualified', owner: { id: 'u-7', name: 'Ada' } },
      ]);
      expect(onlySpan().attributes['error.type']).toBe('500');
    });

    it('should leave a returned 404 as the tool’s answer: no error.type', async () => {
      const answer = await traceTool({ name: 'crm_get_lead' }, getLead('L-27', '404'));

      expect(answer).toEqual({ error: 'not found' });
      const span = onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['error.type']).toBeUndefined();
      expect(span.attributes['http.response.status_code']).toBe(404);
      expect(await toolCalls()).toEqual([{ 'gen_ai.tool.name': 'crm_get_lead', n: 1 }]);
    });
  });

  it('should record tool durations by tool and error.type', async () => {
    await expect(traceTool({ name: 'crm_get_lead' }, () => fetchLead('L-12', '500'))).rejects.toThrow();
    const [duration] = await telemetry.histogram('driftwatch.tool.duration');
    expect(duration?.attributes).toEqual({ 'gen_ai.tool.name': 'crm_get_lead', 'error.type': '500' });
    expect(duration?.count).toBe(1);
    expect(duration?.sum).toBeGreaterThan(0);
    expect(duration?.sum).toBeLessThan(5);
  });
});
