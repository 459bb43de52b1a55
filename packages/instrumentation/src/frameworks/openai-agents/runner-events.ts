import { context } from '@opentelemetry/api';
import { parseJsonText } from '../../content/message-parts';
import { reportInternalError } from '../../internal/guard';
import { asRecord } from '../../internal/readers';
import type { Method } from '../shared/method-patch';
import { sdkToolCallOf } from './sdk-tool-call';

/**
 * Wraps `Runner.prototype.emit` (the SDK's run hooks): `agent_tool_start` is emitted inside the tool's function
 * span, just before the tool runs, with the model's call (its id and arguments). Listeners see the same events.
 */
export function wrapRunnerEmit(original: Method): Method {
  return function emit(this: unknown, ...args: unknown[]) {
    if (args[0] === 'agent_tool_start') {
      try {
        const tool = sdkToolCallOf(context.active());
        const toolCall = asRecord(asRecord(args[4])?.toolCall);
        if (tool !== undefined && toolCall !== undefined) {
          tool.noteCallId(toolCall.callId);
          tool.noteArguments(parseJsonText(toolCall.arguments));
        }
      } catch (error) {
        reportInternalError('openai_agents.events', error);
      }
    }
    return original.apply(this, args);
  };
}
