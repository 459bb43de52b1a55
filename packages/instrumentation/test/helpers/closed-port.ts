import { once } from 'node:events';
import { createServer } from 'node:net';

/** A local address nothing listens on: a port the system just handed out and took back. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}
