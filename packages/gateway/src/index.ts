export { startGateway } from './gateway';
export type { Gateway, GatewayOptions } from './types';
