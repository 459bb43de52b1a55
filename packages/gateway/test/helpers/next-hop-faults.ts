import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { closedPortUrl } from '@driftwatch/testkit';

/** A next hop that accepts connections and never answers. */
export async function startHangingHop(): Promise<{
  url: string;
  waitForConnections(count: number): Promise<void>;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    server.emit('counted');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async waitForConnections(count) {
      while (connections < count) await once(server, 'counted');
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A next hop that refuses connections: a port that was free a moment ago. */
export const refusingHopUrl = closedPortUrl;

/** The lines of a process's output that match `pattern`. */
export function linesMatching(output: string, pattern: RegExp): string[] {
  return output.split('\n').filter((line) => pattern.test(line));
}
