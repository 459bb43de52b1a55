import { setToolInterceptor, type ToolInvocation } from '@driftwatch/instrumentation/internal/tool-interceptor';
import { ATTR_DRIFTWATCH_TEST_FAULT } from '@driftwatch/semconv';
import { trace } from '@opentelemetry/api';
import { injectFault } from '../layers/fault-modes';
import { type CaseState, caseStorage, type ResourceWrite } from './case-state';

function stableJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, field: unknown) =>
      typeof field === 'object' && field !== null && !Array.isArray(field)
        ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : 1)))
        : field,
    );
  } catch {
    return String(value);
  }
}

function logWrite(state: CaseState, invocation: ToolInvocation, proceed: () => unknown): unknown {
  const writes = state.writes;
  const key = writes?.keyOf(invocation.name, invocation.arguments);
  if (writes === undefined || key === undefined) return proceed();
  const write: ResourceWrite = {
    tool: invocation.name,
    key,
    run: writes.run,
    argumentsJson: stableJson(invocation.arguments),
    startedAt: performance.now(),
    endedAt: undefined,
  };
  writes.log.push(write);
  const settle = () => {
    write.endedAt = performance.now();
  };
  const result = proceed();
  if (result instanceof Promise) result.then(settle, settle);
  else settle();
  return result;
}

/**
 * Sees every tool execution Driftwatch wraps (`tool()`, `traceTool`, the framework bridges) while a case runs:
 * records the tools it finds, injects the case's fault into the one it targets (marking the tool span), and logs
 * writes for the conflict detector. Outside a case it only runs the tool.
 */
function intercept(invocation: ToolInvocation, proceed: () => unknown): unknown {
  const state = caseStorage.getStore();
  if (state === undefined) return proceed();
  if (!state.toolsSeen.includes(invocation.name)) state.toolsSeen.push(invocation.name);
  if (invocation.resultReplaceable === false) state.fixedResultTools.add(invocation.name);
  const fault = state.fault;
  if (fault !== undefined && fault.tool === invocation.name && !(fault.firstCallOnly && state.faultHits > 0)) {
    state.faultHits += 1;
    trace.getActiveSpan()?.setAttribute(ATTR_DRIFTWATCH_TEST_FAULT, fault.mode);
    return injectFault(fault.mode, invocation.name, proceed);
  }
  return logWrite(state, invocation, proceed);
}

export function installToolInterception(): () => void {
  setToolInterceptor(intercept);
  return () => setToolInterceptor(undefined);
}
