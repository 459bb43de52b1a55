import { GEN_AI_TOOL_TYPE_VALUE_FUNCTION } from '@driftwatch/semconv';
import { context } from '@opentelemetry/api';
import { runObserved } from '../../agent/observe-result';
import { interceptTool } from '../../agent/tool-interceptor';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString } from '../../internal/readers';
import { type FrameworkToolCall, startFrameworkTool } from '../shared/framework-calls';
import type { Method } from '../shared/method-patch';
import { scopeOf } from './run-scope';
import { sdkToolCallOf } from './sdk-tool-call';

const TRACED = Symbol.for('driftwatch.openai_agents.execute');
const ORIGINAL = Symbol.for('driftwatch.openai_agents.tool');

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The tool's own `execute`, through the tool interceptor (fault injection by `@driftwatch/agent-test`). */
function interceptedExecute(name: string, execute: Method, self: unknown, args: unknown[]): unknown {
  const describe = () => ({ name, type: GEN_AI_TOOL_TYPE_VALUE_FUNCTION, arguments: args[0] });
  return interceptTool(describe, () => execute.apply(self, args));
}

/**
 * A tool run inside a traced run but without an SDK function span (a `Runner` created with `tracingDisabled:
 * true` starts none): the execution itself is the `execute_tool` call, as with `traceTool`.
 */
function executeAsToolCall(name: string, execute: Method, self: unknown, args: unknown[]): unknown {
  let started: FrameworkToolCall | undefined;
  try {
    const callId = asString(asRecord(asRecord(args[2])?.toolCall)?.callId);
    started = startFrameworkTool(
      { name, type: GEN_AI_TOOL_TYPE_VALUE_FUNCTION, ...(callId !== undefined ? { callId } : {}), arguments: args[0] },
      context.active(),
    );
  } catch (error) {
    reportInternalError('openai_agents.tool', error);
  }
  if (started === undefined) return execute.apply(self, args);
  const { call } = started;
  return runObserved(started.context, () => interceptedExecute(name, execute, self, args), {
    succeed: (value) => call.succeed(value),
    fail: (error) => call.fail(error),
  });
}

/**
 * A tool's `execute`, observed: the exception it throws (which the SDK turns into a message for the model), its
 * result, and whether it was still running when the SDK gave up on it. Same `this`, arguments, result and errors.
 */
function tracedExecute(name: string, execute: Method): Method {
  const traced = function tracedExecute(this: unknown, ...args: unknown[]): unknown {
    const tool = sdkToolCallOf(context.active());
    if (tool === undefined) {
      return scopeOf(context.active()) === undefined
        ? execute.apply(this, args)
        : executeAsToolCall(name, execute, this, args);
    }
    try {
      tool.noteCallId(asRecord(asRecord(args[2])?.toolCall)?.callId);
      tool.noteArguments(args[0]);
      tool.executionStarted();
    } catch (error) {
      reportInternalError('openai_agents.tool', error);
    }
    let result: unknown;
    try {
      result = interceptedExecute(name, execute, this, args);
    } catch (error) {
      tool.executionFailed(error);
      throw error;
    }
    if (!isThenable(result)) {
      tool.executionSucceeded(result);
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        tool.executionSucceeded(value);
        return value;
      },
      (error: unknown) => {
        tool.executionFailed(error);
        throw error;
      },
    );
  };
  Object.defineProperty(traced, 'name', { value: execute.name });
  Object.defineProperty(traced, 'length', { value: execute.length });
  Object.defineProperty(traced, TRACED, { value: true });
  return traced;
}

/** The SDK's `tool()` factory, giving each function tool an observed `execute`; everything else is passed as is. */
export function wrapToolFactory(original: Method): Method {
  const tool = function tool(this: unknown, ...args: unknown[]) {
    const options = args[0];
    try {
      const record = asRecord(options);
      const execute = record?.execute;
      if (record !== undefined && typeof execute === 'function' && !(TRACED in execute)) {
        const name = asString(record.name) ?? (execute as Method).name;
        args[0] = { ...record, execute: tracedExecute(name || 'function', execute as Method) };
      }
    } catch (error) {
      reportInternalError('openai_agents.tool', error);
      args[0] = options;
    }
    return original.apply(this, args);
  };
  Object.defineProperty(tool, ORIGINAL, { value: original });
  return tool;
}

/** Replaces the `tool` export of a loaded copy where it can be replaced (CommonJS module, hooked ES module). */
export function patchToolExport(moduleExports: unknown): boolean {
  const exports = moduleExports as Record<string, unknown> | undefined;
  const current = exports?.tool;
  if (exports === undefined || typeof current !== 'function') return false;
  if (ORIGINAL in current) return true;
  try {
    exports.tool = wrapToolFactory(current as Method);
  } catch {
    return false; // A getter-only re-export: the module that defines it is patched instead.
  }
  return exports.tool !== current;
}

export function unpatchToolExport(moduleExports: unknown): void {
  const exports = moduleExports as Record<string, unknown> | undefined;
  const current = exports?.tool as (Method & { [ORIGINAL]?: Method }) | undefined;
  if (typeof current !== 'function' || current[ORIGINAL] === undefined) return;
  try {
    exports!.tool = current[ORIGINAL];
  } catch {
    // Nothing to restore on a getter-only export.
  }
}
