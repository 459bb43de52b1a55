// The two external APIs the agent depends on, as small local HTTP services whose behaviour the simulator sets per
// day: a CRM that has an outage and then silently changes its API, and an enrichment API.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { companyProfile } from './companies.mjs';
import { fraction } from './random.mjs';

async function listen(handler) {
  const server = createServer((request, response) => {
    handler(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

async function readJson(request) {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body === '' ? {} : JSON.parse(body);
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function close(server) {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

/** The enrichment API: `GET /companies/:domain`. */
export async function startEnrichmentApi() {
  const server = await listen(async (request, response) => {
    const match = /^\/companies\/([^/]+)$/.exec(new URL(request.url, 'http://x').pathname);
    if (!match) return send(response, 404, { error: 'not found' });
    return send(response, 200, companyProfile(decodeURIComponent(match[1])));
  });
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => close(server) };
}

/**
 * The CRM: `PUT /leads/:id` stores a verdict. Per day the simulator sets `outage` (a share of writes answered 500)
 * and `apiVersion`: in v2 the CRM reads the status from `state` and answers in a new shape, so a v1 client's
 * writes succeed (200) but leave the lead `new`: the silent failure the demo is about.
 */
export async function startCrmApi({ seed }) {
  const leads = new Map();
  let settings = { outageRate: 0, apiVersion: 1, day: 0 };
  const server = await listen(async (request, response) => {
    const match = /^\/leads\/([^/]+)$/.exec(new URL(request.url, 'http://x').pathname);
    if (!match) return send(response, 404, { error: 'not found' });
    const id = decodeURIComponent(match[1]);
    if (request.method === 'GET') {
      const lead = leads.get(id);
      return lead ? send(response, 200, lead) : send(response, 404, { error: 'no such lead' });
    }
    if (request.method !== 'PUT') return send(response, 405, { error: 'method not allowed' });
    const body = await readJson(request);
    if (settings.outageRate > 0 && fraction(seed, 'crm-outage', settings.day, id) < settings.outageRate) {
      return send(response, 500, { error: 'internal error' });
    }
    const updatedAt = new Date().toISOString();
    if (settings.apiVersion >= 2) {
      const state = typeof body.state === 'string' ? body.state : 'new';
      leads.set(id, { id, status: state, ownerTeam: body.owner_team ?? 'unassigned', updatedAt });
      return send(response, 200, { lead_id: id, state, owner_team: body.owner_team ?? null, updated_at: updatedAt });
    }
    const status = body.qualified === true ? 'qualified' : body.qualified === false ? 'disqualified' : 'new';
    leads.set(id, { id, status, ownerTeam: body.ownerTeam ?? 'unassigned', updatedAt });
    return send(response, 200, { id, status, owner: { team: body.ownerTeam ?? 'unassigned' }, updatedAt });
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    configure(next) {
      settings = { ...settings, ...next };
    },
    /** The status the CRM holds for a lead, or undefined when it was never written. */
    statusOf(id) {
      return leads.get(id)?.status;
    },
    close: () => close(server),
  };
}
