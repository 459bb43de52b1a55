import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * A local port nothing listens on: one the system just handed out and took back. For tests of what an app does
 * when its collector or next hop is down (connections refused).
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** `http://127.0.0.1:<port>` for a port nothing listens on (see {@link closedPort}). */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}`;
}
