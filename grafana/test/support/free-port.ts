import { once } from 'node:events';
import { createServer } from 'node:net';

/** Ports this process has handed out: the OS may offer a port again once its probe closed. */
const handedOut = new Set<number>();

async function probePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it), never one this process handed out before:
 * a test that reserves several ports before starting the processes that bind them gets distinct ones.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = await probePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port that was not handed out already');
}
