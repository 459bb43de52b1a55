import { reportInternalError } from '../../internal/guard';
import { type Method, prototypeOf, unwrap, wrapOnce } from '../shared/method-patch';
import type { SdkSpan } from './run-scope';
import { wrapRunnerEmit } from './runner-events';
import { type RunnerHost, wrapRunnerRun } from './runner-run';
import { observeSdkSpan } from './sdk-spans';
import { patchToolExport, unpatchToolExport } from './tool-factory';

const RUN_MARKER = Symbol.for('driftwatch.openai_agents.run');
const EMIT_MARKER = Symbol.for('driftwatch.openai_agents.emit');
const CREATE_SPAN_MARKER = Symbol.for('driftwatch.openai_agents.create_span');

type CurrentSpanReader = () => SdkSpan | null | undefined;

/** The SDK's `getCurrentSpan` (every loaded copy shares the SDK's async context, so any copy's will do). */
let currentSpanReader: CurrentSpanReader | undefined;

export function currentSdkSpan(): SdkSpan | null | undefined {
  return currentSpanReader?.();
}

function wrapCreateSpan(original: Method): Method {
  return function createSpan(this: unknown, ...args: unknown[]) {
    const span = original.apply(this, args);
    try {
      observeSdkSpan(span);
    } catch (error) {
      reportInternalError('openai_agents.span', error);
    }
    return span;
  };
}

/**
 * Patches one loaded copy of `@openai/agents-core` (CommonJS exports or ES module namespace): `Runner.run`, the
 * trace provider's `createSpan` (a prototype method: the app cannot remove it the way it replaces the SDK's trace
 * processors, and it sees spans also with tracing disabled) and, where the export can be replaced, `tool()`.
 * Returns whether the copy is traced now.
 */
export function patchAgentsModule(moduleExports: unknown, host: Pick<RunnerHost, 'isEnabled'>): boolean {
  const getCurrentSpan = (moduleExports as { getCurrentSpan?: unknown } | undefined)?.getCurrentSpan;
  if (typeof getCurrentSpan !== 'function') return false;
  currentSpanReader = getCurrentSpan as CurrentSpanReader;
  const runner = prototypeOf(moduleExports, 'Runner');
  const provider = prototypeOf(moduleExports, 'TraceProvider');
  const runnerHost: RunnerHost = { isEnabled: () => host.isEnabled(), currentSdkSpan };
  const runWrapped = wrapOnce(runner, 'run', RUN_MARKER, (original) => wrapRunnerRun(original, runnerHost));
  const spansWrapped = wrapOnce(provider, 'createSpan', CREATE_SPAN_MARKER, wrapCreateSpan);
  wrapOnce(runner, 'emit', EMIT_MARKER, wrapRunnerEmit);
  patchToolExport(moduleExports);
  return runWrapped && spansWrapped;
}

export function unpatchAgentsModule(moduleExports: unknown): void {
  unwrap(prototypeOf(moduleExports, 'Runner'), 'run', RUN_MARKER);
  unwrap(prototypeOf(moduleExports, 'Runner'), 'emit', EMIT_MARKER);
  unwrap(prototypeOf(moduleExports, 'TraceProvider'), 'createSpan', CREATE_SPAN_MARKER);
  unpatchToolExport(moduleExports);
}
