import { type Method, unwrapMethod, wrapMethod } from '../../genai/prototype-patch';

export type { Method };

/** A prototype (or object) whose methods a bridge wraps. */
export type MethodOwner = Record<string, unknown>;

/** The prototype of a class exported as `name` (CommonJS exports or an ES module namespace), if it is one. */
export function prototypeOf(moduleExports: unknown, name: string): MethodOwner | undefined {
  if (typeof moduleExports !== 'object' && typeof moduleExports !== 'function') return undefined;
  if (moduleExports === null) return undefined;
  const exported = (moduleExports as Record<string, unknown>)[name];
  if (typeof exported !== 'function') return undefined;
  const prototype = (exported as { prototype?: unknown }).prototype;
  return typeof prototype === 'object' && prototype !== null ? (prototype as MethodOwner) : undefined;
}

/** Wraps `owner[key]` once (marked with `marker`); returns whether it is wrapped now. */
export function wrapOnce(
  owner: MethodOwner | undefined,
  key: string,
  marker: symbol,
  wrap: (original: Method) => Method,
) {
  return owner !== undefined && wrapMethod({ owner, key, marker, wrap });
}

export function unwrap(owner: MethodOwner | undefined, key: string, marker: symbol): void {
  if (owner !== undefined) unwrapMethod(owner, key, marker);
}
