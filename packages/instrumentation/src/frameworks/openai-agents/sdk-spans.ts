import {
  ATTR_DRIFTWATCH_AGENT_HANDOFF_FROM,
  ATTR_DRIFTWATCH_AGENT_HANDOFF_TO,
  ATTR_DRIFTWATCH_GUARDRAIL_NAME,
  ATTR_DRIFTWATCH_GUARDRAIL_TRIGGERED,
  EVENT_DRIFTWATCH_AGENT_HANDOFF,
  EVENT_DRIFTWATCH_GUARDRAIL,
  GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
} from '@driftwatch/semconv';
import { type Attributes, context } from '@opentelemetry/api';
import { runOf } from '../../agent/run-context';
import { AgentRun } from '../../agent/trace-agent';
import { reportInternalError } from '../../internal/guard';
import { asString } from '../../internal/readers';
import { startFrameworkRun, startFrameworkTool } from '../shared/framework-calls';
import { mapSdkSpan, type RunScope, type SdkSpan, scopeOf } from './run-scope';
import { SdkToolCall } from './sdk-tool-call';

/** What the bridge does when the SDK starts, ends or marks as failed one of its spans. */
interface SpanHandlers {
  start(): void;
  end(): void;
  setError(): void;
}

type SpanData = Record<string, unknown>;

const OBSERVED = Symbol('driftwatch.openai_agents.observed');
const LIFECYCLE_METHODS = ['start', 'end', 'setError'] as const;
const handlersByData = new WeakMap<object, SpanHandlers>();

function guarded(action: () => void): void {
  try {
    action();
  } catch (error) {
    reportInternalError('openai_agents.span', error);
  }
}

/** An agent span: the run's root `invoke_agent` span for the first, a nested run for an agent handed off to. */
function agentHandlers(data: SpanData, scope: RunScope): SpanHandlers {
  let run: AgentRun | undefined;
  let failed = false;
  return {
    start() {
      if (run !== undefined) return;
      if (!scope.rootClaimed) {
        scope.rootClaimed = true;
        run = scope.root;
        mapSdkSpan(data, scope, scope.rootContext);
        return;
      }
      const name = asString(data.name) ?? 'Agent';
      const started = startFrameworkRun({ name }, scope.rootContext);
      run = started.run;
      if (scope.handoffFrom !== undefined) run.span.setAttribute(ATTR_DRIFTWATCH_AGENT_HANDOFF_FROM, scope.handoffFrom);
      scope.handoffFrom = undefined;
      scope.openRuns.add(run);
      mapSdkSpan(data, scope, started.context);
    },
    setError() {
      failed = true;
    },
    end() {
      if (run === undefined || run === scope.root || !scope.openRuns.delete(run)) return;
      // The SDK's error says little ("Error in agent run"): a failed run ends with the run's own error.
      if (failed) scope.failedRuns.add(run);
      else run.end(undefined);
    },
  };
}

/** A function span (function tools, agents as tools, MCP tools): an `execute_tool` call. */
function functionHandlers(data: SpanData, scope: RunScope): SpanHandlers {
  let tool: SdkToolCall | undefined;
  return {
    start() {
      if (tool !== undefined) return;
      const name = asString(data.name) ?? 'function';
      // The active context resolves to the agent whose turn runs this tool.
      const started = startFrameworkTool({ name, type: GEN_AI_TOOL_TYPE_VALUE_FUNCTION }, context.active());
      tool = new SdkToolCall(started.call, name);
      mapSdkSpan(data, scope, started.context);
    },
    setError() {
      tool?.noteSdkError();
    },
    end() {
      const output = data.output;
      tool?.finish(typeof output === 'string' && output !== '' ? output : undefined);
    },
  };
}

function currentRun(): AgentRun | undefined {
  const run = runOf(context.active());
  return run instanceof AgentRun ? run : undefined;
}

/** A handoff: an event on the agent handing off; the next agent's span says who handed the run to it. */
function handoffHandlers(data: SpanData, scope: RunScope): SpanHandlers {
  return {
    start() {},
    setError() {},
    end() {
      const from = asString(data.from_agent);
      const to = asString(data.to_agent);
      const attributes: Attributes = {};
      if (to !== undefined) attributes[ATTR_DRIFTWATCH_AGENT_HANDOFF_TO] = to;
      currentRun()?.span.addEvent(EVENT_DRIFTWATCH_AGENT_HANDOFF, attributes);
      scope.handoffFrom = from;
    },
  };
}

/** A guardrail: an event on the agent's span; a tripped guardrail also fails the run with the SDK's error. */
function guardrailHandlers(data: SpanData): SpanHandlers {
  return {
    start() {},
    setError() {},
    end() {
      currentRun()?.span.addEvent(EVENT_DRIFTWATCH_GUARDRAIL, {
        [ATTR_DRIFTWATCH_GUARDRAIL_NAME]: asString(data.name) ?? 'guardrail',
        [ATTR_DRIFTWATCH_GUARDRAIL_TRIGGERED]: data.triggered === true,
      });
    },
  };
}

function handlersFor(data: SpanData, scope: RunScope): SpanHandlers | undefined {
  switch (data.type) {
    case 'agent':
      return agentHandlers(data, scope);
    case 'function':
      return functionHandlers(data, scope);
    case 'handoff':
      return handoffHandlers(data, scope);
    case 'guardrail':
      return guardrailHandlers(data);
    default:
      // Generations and responses are the `openai` instrumentation's spans; task and turn spans add nothing.
      return undefined;
  }
}

function wrapLifecycle(span: Record<PropertyKey, unknown>, handlers: SpanHandlers): void {
  if (span[OBSERVED] === true) return;
  for (const method of LIFECYCLE_METHODS) {
    const original = span[method];
    if (typeof original !== 'function') continue;
    Object.defineProperty(span, method, {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function observedLifecycle(this: unknown, ...args: unknown[]) {
        guarded(() => handlers[method]());
        return (original as (...values: unknown[]) => unknown).apply(this, args);
      },
    });
  }
  Object.defineProperty(span, OBSERVED, { value: true });
}

/**
 * Follows one span the SDK created (also a no-op span, with tracing disabled): agent, function, handoff and
 * guardrail spans inside a traced `Runner.run` become Driftwatch's runs, tool calls and events.
 */
export function observeSdkSpan(span: unknown): void {
  if (typeof span !== 'object' || span === null) return;
  const data = (span as SdkSpan).spanData;
  if (typeof data !== 'object' || data === null) return;
  let handlers = handlersByData.get(data);
  if (handlers === undefined) {
    const scope = scopeOf(context.active());
    if (scope === undefined) return;
    handlers = handlersFor(data as SpanData, scope);
    if (handlers === undefined) return;
    handlersByData.set(data, handlers);
  }
  wrapLifecycle(span as Record<PropertyKey, unknown>, handlers);
}
