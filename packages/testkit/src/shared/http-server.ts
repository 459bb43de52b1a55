import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and resolves with the bound port (the chosen one when `port` is 0). */
export function listen(options: { server: Server; port: number; host: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    options.server.once('error', reject);
    options.server.listen(options.port, options.host, () => {
      options.server.off('error', reject);
      resolve((options.server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections and destroys the open ones, hanging requests included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The host as it goes in a URL: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
