import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';

/** Whether only this machine can reach the address (127.0.0.0/8, ::1, and 127.x mapped into IPv6). */
function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * Says once, at start-up, that a gateway reachable from other machines without a token takes telemetry from anyone
 * who can reach its port, and how to require one. Silent on loopback and with a token.
 */
export function warnIfOpen(address: AddressInfo, token: string | undefined): void {
  if (token !== undefined || isLoopback(address.address)) return;
  diag.warn(
    `@driftwatch/gateway: listening on ${address.address} port ${address.port} without a token: anyone who can reach this port can send telemetry through the gateway. Set DRIFTWATCH_GATEWAY_TOKEN (option token) to require "Authorization: Bearer <token>", or listen on 127.0.0.1`,
  );
}
