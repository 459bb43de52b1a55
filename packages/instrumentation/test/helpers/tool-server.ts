import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small CRM-like HTTP API for tool tests: `/leads/:id` answers the agreed schema, and `?fault=` switches it to
 * `500`, `404`, `429` (with retry-after), `hang` (never answers), `schema_changed` (the same data under new field names),
 * or `held_500` (a 500 held back until a request with `?release=1` arrives, so two requests are surely in flight at
 * once).
 */
export interface ToolServer {
  url: string;
  close(): Promise<void>;
}

export async function startToolServer(): Promise<ToolServer> {
  const hanging = new Set<import('node:http').ServerResponse>();
  const held: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const id = url.pathname.split('/').pop() ?? '';
    const fault = url.searchParams.get('fault');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (url.searchParams.get('release') === '1') for (const answer of held.splice(0)) answer();
    switch (fault) {
      case '500':
        return json(500, { error: 'internal' });
      case '404':
        return json(404, { error: 'not found' });
      case 'held_500':
        held.push(() => json(500, { error: 'internal' }));
        return;
      case '429':
        return json(429, { error: 'slow down' }, { 'retry-after': '1' });
      case 'hang':
        hanging.add(response);
        return;
      case 'schema_changed':
        return json(200, { lead_id: Number(id.replace(/\D/g, '')) || 1, state: 'qualified', owner_id: 7 });
      default:
        return json(200, { id, status: 'qualified', owner: { id: 'u-7', name: 'Ada' } });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
