import { classOf, clientClassOf, type Method, unwrapMethod, wrapMethod } from '../genai/prototype-patch';

/** Marks a wrapper on the SDK's prototypes; `Symbol.for` so two copies of Driftwatch never wrap twice. */
const ORIGINAL = Symbol.for('driftwatch.anthropic.original');

export interface MessagesWrappers {
  create(original: Method): Method;
  stream(original: Method): Method;
}

/** `Messages.prototype`, found through the client class's static `Messages`, when it has `create`. */
function messagesPrototypeOf(moduleExports: unknown): Record<string, unknown> | undefined {
  const prototype = classOf(clientClassOf(moduleExports, 'Anthropic', 'Messages')?.Messages)?.prototype;
  return typeof prototype?.create === 'function' ? prototype : undefined;
}

/** Wraps `create` (and `stream`, where the SDK has it) once; returns whether the module's messages are traced now. */
export function patchAnthropicModule(moduleExports: unknown, wrappers: MessagesWrappers): boolean {
  const owner = messagesPrototypeOf(moduleExports);
  if (owner === undefined) return false;
  wrapMethod({ owner, key: 'stream', marker: ORIGINAL, wrap: wrappers.stream });
  return wrapMethod({ owner, key: 'create', marker: ORIGINAL, wrap: wrappers.create });
}

/** Restores the SDK's own methods. */
export function unpatchAnthropicModule(moduleExports: unknown): void {
  const owner = messagesPrototypeOf(moduleExports);
  if (owner === undefined) return;
  unwrapMethod(owner, 'create', ORIGINAL);
  unwrapMethod(owner, 'stream', ORIGINAL);
}
