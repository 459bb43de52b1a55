import type { FaultName } from '../types';
import { badRequestReply, type ErrorReply, rateLimitReply, serverErrorReply } from './fault-replies';

/** The error answer of the faults that replace the whole reply: rate_limit, server_error and bad_request. */
export function faultErrorReply(options: {
  fault: FaultName | undefined;
  model: string;
  path: string;
}): ErrorReply | undefined {
  switch (options.fault) {
    case 'rate_limit':
      return rateLimitReply(options.model);
    case 'server_error':
      return serverErrorReply();
    case 'bad_request': {
      const param = options.path.endsWith('/chat/completions') ? 'messages' : 'input';
      return badRequestReply({ message: `Invalid '${param}': rejected by the mock bad_request fault.`, param });
    }
    default:
      return undefined;
  }
}
