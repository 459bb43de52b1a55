import { evaluatorsWantContent } from '@driftwatch/processors/internal';
import { hasToolInterceptor, interceptTool } from '../../agent/tool-interceptor';
import { reportInternalError } from '../../internal/guard';
import { asRecord, asString } from '../../internal/readers';
import type { Method } from '../shared/method-patch';
import type { AISDKHost } from './host';
import { V6TranslatingTracer } from './v6-tracer';

/** The AI SDK 6 functions whose telemetry Driftwatch turns on. */
const TRACED_FUNCTIONS = ['generateText', 'streamText', 'generateObject', 'streamObject'] as const;
const ORIGINAL = Symbol.for('driftwatch.ai_sdk.original');

/**
 * The call's options with `experimental_telemetry` on and Driftwatch's translating tracer; content is recorded by
 * the SDK only with capture on or evaluators running (or when the app asked for it), into the translating tracer,
 * which exports it only with capture on. A call that turned telemetry off, or brought its own tracer, is left alone.
 */
function withTelemetry(options: unknown, host: AISDKHost): unknown {
  const record = asRecord(options);
  if (record === undefined) return options;
  const telemetry = asRecord(record.experimental_telemetry);
  if (telemetry?.isEnabled === false || telemetry?.tracer !== undefined) return options;
  const capture = host.captureContent || evaluatorsWantContent();
  const tracer = new V6TranslatingTracer(host, { functionId: asString(telemetry?.functionId), prompt: record.prompt });
  return {
    ...record,
    experimental_telemetry: { recordInputs: capture, recordOutputs: capture, ...telemetry, isEnabled: true, tracer },
  };
}

type ExecuteFunction = (this: unknown, input: unknown, options: unknown) => unknown;

/**
 * The call's options with each tool's `execute` routed through the tool interceptor (`@driftwatch/agent-test`'s
 * fault injection), as copies: the app's tool objects are never changed. Only while an interceptor is set; the
 * SDK runs each `execute` inside its `ai.toolCall` span, so an injected failure is recorded like a real one.
 */
function withInterceptedTools(options: unknown): unknown {
  const record = asRecord(options);
  const tools = asRecord(record?.tools);
  if (record === undefined || tools === undefined) return options;
  const intercepted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(tools)) {
    const definition = asRecord(value);
    const execute = definition?.execute;
    if (definition === undefined || typeof execute !== 'function') {
      intercepted[name] = value;
      continue;
    }
    intercepted[name] = {
      ...definition,
      execute(input: unknown, executeOptions: unknown) {
        return interceptTool(
          () => ({ name, type: 'function', arguments: input }),
          () => (execute as ExecuteFunction).call(definition, input, executeOptions),
        );
      },
    };
  }
  return { ...record, tools: intercepted };
}

function wrapFunction(original: Method, host: AISDKHost): Method {
  const traced = function (this: unknown, ...args: unknown[]) {
    if (host.isEnabled()) {
      try {
        args[0] = withTelemetry(args[0], host);
      } catch (error) {
        reportInternalError('ai_sdk.v6', error);
      }
    }
    if (hasToolInterceptor()) {
      try {
        args[0] = withInterceptedTools(args[0]);
      } catch (error) {
        reportInternalError('ai_sdk.v6.tools', error);
      }
    }
    return original.apply(this, args);
  };
  Object.defineProperty(traced, 'name', { value: original.name });
  Object.defineProperty(traced, ORIGINAL, { value: original });
  return traced;
}

/**
 * Turns AI SDK 6 telemetry on for `generateText`, `streamText`, `generateObject` and `streamObject` of one loaded
 * copy. A hooked ES module namespace is patched in place; a CommonJS module (getter-only exports) is returned as
 * a copy with the wrapped functions, which the require hook hands to the app. Returns the exports to use.
 */
export function patchAiV6Exports(moduleExports: unknown, host: AISDKHost): unknown {
  const exports = moduleExports as Record<string, unknown>;
  const wrapped = new Map<string, Method>();
  for (const name of TRACED_FUNCTIONS) {
    const original = exports[name];
    if (typeof original === 'function' && !(ORIGINAL in original)) {
      wrapped.set(name, wrapFunction(original as Method, host));
    }
  }
  if (wrapped.size === 0) return moduleExports;
  let inPlace = true;
  for (const [name, fn] of wrapped) {
    try {
      exports[name] = fn;
    } catch {
      // Getter-only CommonJS export.
    }
    if (exports[name] !== fn) inPlace = false;
  }
  if (inPlace) return moduleExports;
  const descriptors = Object.getOwnPropertyDescriptors(exports);
  for (const descriptor of Object.values(descriptors)) descriptor.configurable = true;
  const copy = Object.defineProperties({}, descriptors) as Record<string, unknown>;
  for (const [name, fn] of wrapped) {
    Object.defineProperty(copy, name, { value: fn, enumerable: true, configurable: true, writable: true });
  }
  return copy;
}

/** Puts back the functions of a namespace patched in place. */
export function unpatchAiV6Exports(moduleExports: unknown): void {
  const exports = moduleExports as Record<string, unknown>;
  for (const name of TRACED_FUNCTIONS) {
    const current = exports[name] as { [ORIGINAL]?: unknown } | undefined;
    const original = current?.[ORIGINAL];
    if (original === undefined) continue;
    try {
      exports[name] = original;
    } catch {
      // Nothing to restore on a copy.
    }
  }
}
