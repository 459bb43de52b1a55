import type { FaultName } from '../types';
import type { ErrorReplies, ErrorReply } from './error-replies';

/**
 * The error answer of the faults that replace the whole reply: rate_limit, server_error, overloaded, bad_request,
 * and stream_error for a call that is not streamed (it has no stream to break, so it answers like overloaded).
 */
export function faultErrorReply(options: {
  fault: FaultName | undefined;
  model: string;
  path: string;
  streaming: boolean;
  replies: ErrorReplies;
}): ErrorReply | undefined {
  const { replies } = options;
  switch (options.fault) {
    case 'rate_limit':
      return replies.rateLimit(options.model);
    case 'server_error':
      return replies.serverError();
    case 'overloaded':
      return replies.overloaded();
    case 'stream_error':
      return options.streaming ? undefined : replies.overloaded();
    case 'bad_request': {
      const param = /\/(chat\/completions|messages)$/.test(options.path) ? 'messages' : 'input';
      return replies.badRequest({ message: `Invalid '${param}': rejected by the mock bad_request fault.`, param });
    }
    default:
      return undefined;
  }
}
