export { ATTR_DRIFTWATCH_GATEWAY_REPLICA, startGateway } from './gateway';
export type { Gateway, GatewayOptions } from './types';
