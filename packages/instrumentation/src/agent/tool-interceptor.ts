/**
 * Internal: the seam `@driftwatch/agent-test` uses to inject tool faults (HTTP 500, timeouts, rate limits, malformed
 * results) through Driftwatch's own tool wrapping, with no change to the user's tool code. Not part of the public
 * API (imported as `@driftwatch/instrumentation/internal/tool-interceptor`); off, and one property read per tool
 * call, while no interceptor is set. The interceptor lives on `globalThis` under a registered symbol so that every
 * loaded copy of this package consults the same one.
 */

/** One tool execution about to run: what an interceptor sees. */
export interface ToolInvocation {
  /** The tool's name as the model knows it. */
  readonly name: string;
  /** `function`, `extension` (MCP), ... */
  readonly type: string;
  /** The call's arguments as the tool receives them (one argument as itself, several as an array). */
  readonly arguments: unknown;
  /**
   * False where the framework ignores what the interceptor returns (AI SDK 7 keeps the tool's own result): there,
   * failures can be injected, a changed result cannot.
   */
  readonly resultReplaceable?: boolean;
}

/**
 * Runs instead of the tool: call `proceed()` to run it (and return, change or replace its result), or throw /
 * return a rejected promise to fail it. Runs inside the tool's `execute_tool` span, so the failure is recorded
 * and classified like a real one.
 */
export type ToolInterceptor = (invocation: ToolInvocation, proceed: () => unknown) => unknown;

const INTERCEPTOR = Symbol.for('driftwatch.tool.interceptor');

type WithInterceptor = typeof globalThis & { [INTERCEPTOR]?: ToolInterceptor };

/** Sets the interceptor every traced tool execution goes through, or removes it with `undefined`. */
export function setToolInterceptor(interceptor: ToolInterceptor | undefined): void {
  (globalThis as WithInterceptor)[INTERCEPTOR] = interceptor;
}

/** Whether an interceptor is set (a framework that must copy its tools to route them through one checks first). */
export function hasToolInterceptor(): boolean {
  return (globalThis as WithInterceptor)[INTERCEPTOR] !== undefined;
}

/**
 * Runs a tool's execution through the interceptor when one is set, else `proceed()` directly. `describe` builds
 * the invocation only when it is needed.
 */
export function interceptTool<Result>(describe: () => ToolInvocation, proceed: () => Result): Result {
  const interceptor = (globalThis as WithInterceptor)[INTERCEPTOR];
  if (interceptor === undefined) return proceed();
  return interceptor(describe(), proceed) as Result;
}
