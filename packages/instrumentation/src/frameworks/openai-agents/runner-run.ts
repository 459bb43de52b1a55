import { context } from '@opentelemetry/api';
import { runObserved } from '../../agent/observe-result';
import type { AgentDefinition } from '../../agent/trace-agent';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString } from '../../internal/readers';
import { guarded, startFrameworkRun } from '../shared/framework-calls';
import type { Method } from '../shared/method-patch';
import { RunScope, RunScopeContext, type SdkSpan } from './run-scope';

/** What the `Runner.run` wrapper needs from the bridge. */
export interface RunnerHost {
  isEnabled(): boolean;
  /** The SDK's current span in this execution (`getCurrentSpan`). */
  currentSdkSpan(): SdkSpan | null | undefined;
}

/** The agent a run starts with: the agent passed, or the current agent of a `RunState` being resumed. */
function startingAgentName(agent: unknown, input: unknown): string {
  const resumed = asString(asRecord(asRecord(input)?._currentAgent)?.name);
  return resumed ?? asString(asRecord(agent)?.name) ?? 'Agent';
}

function definitionOf(agent: unknown, input: unknown): AgentDefinition {
  const definition: AgentDefinition = { name: startingAgentName(agent, input) };
  const description = asString(asRecord(agent)?.handoffDescription);
  if (description !== undefined && description !== '') definition.description = description;
  // A run's input text is its task for repeat detection (only a hash of it leaves the process).
  if (typeof input === 'string' && input !== '') definition.task = input;
  return definition;
}

/** The SDK result's `finalOutput` (a getter): what the run returned, or undefined. */
function finalOutputOf(result: unknown): unknown {
  try {
    return asRecord(result)?.finalOutput;
  } catch {
    return undefined;
  }
}

/** Ends the scope's runs; the root run hands its final output to the run evaluators (the content contract). */
function finishScope(scope: RunScope, outcome: { error: unknown } | undefined, finalOutput?: unknown): void {
  for (const run of scope.failedRuns) run.end({ error: outcome?.error ?? new Error('agent run failed') });
  scope.failedRuns.clear();
  for (const run of scope.openRuns) run.end(outcome);
  scope.openRuns.clear();
  scope.root.end(outcome, finalOutput);
}

interface StreamedResult {
  readonly completed: PromiseLike<unknown>;
  readonly error?: unknown;
}

function streamedResult(value: unknown): StreamedResult | undefined {
  const record = asRecord(value);
  if (record === undefined || typeof record.toStream !== 'function') return undefined;
  const completed = record.completed as PromiseLike<unknown> | undefined;
  return typeof completed?.then === 'function' ? (record as unknown as StreamedResult) : undefined;
}

/** A run returned: a streamed run ends when its stream loop completes (the SDK already handles its rejection). */
function settleScope(scope: RunScope, value: unknown): void {
  const streamed = streamedResult(value);
  if (streamed === undefined) {
    finishScope(scope, undefined, finalOutputOf(value));
    return;
  }
  streamed.completed.then(
    () =>
      guarded('openai_agents.run', () => {
        const error = streamed.error;
        if (error === null || error === undefined) finishScope(scope, undefined, finalOutputOf(value));
        else finishScope(scope, { error });
      }),
    (error: unknown) => guarded('openai_agents.run', () => finishScope(scope, { error })),
  );
}

/**
 * Wraps `Runner.prototype.run` (the top-level `run()` and agents used as tools go through it): the run becomes an
 * `invoke_agent` span of its starting agent, and runs in a context that follows the SDK's own current span, so
 * model calls, tools, handoffs and nested runs land under the right span. The caller gets the SDK's own result
 * or error.
 */
export function wrapRunnerRun(original: Method, host: RunnerHost): Method {
  return function run(this: unknown, ...args: unknown[]) {
    let scope: RunScope | undefined;
    try {
      if (host.isEnabled()) {
        const parent = context.active();
        const started = startFrameworkRun(definitionOf(args[0], args[1]), parent);
        scope = new RunScope({
          root: started.run,
          rootContext: started.context,
          currentSdkSpan: () => host.currentSdkSpan(),
        });
      }
    } catch (error) {
      reportInternalError('openai_agents.run', error);
    }
    if (scope === undefined) return original.apply(this, args);
    const runScope = scope;
    return runObserved(new RunScopeContext(runScope), () => original.apply(this, args), {
      succeed: (value) => {
        settleScope(runScope, value);
        return undefined;
      },
      fail: (error) => finishScope(runScope, { error }),
    });
  };
}
