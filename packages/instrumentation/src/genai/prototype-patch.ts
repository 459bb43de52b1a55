/** A method of an SDK class, as Driftwatch wraps it. */
export type Method = (this: unknown, ...args: unknown[]) => unknown;

type MarkedMethod = Method & Record<symbol, Method | undefined>;
type MethodOwner = Record<string, unknown>;

/** Whether `owner[key]` is a wrapper carrying `marker` (the method it replaced). */
export function isWrapped(owner: MethodOwner, key: string, marker: symbol): boolean {
  const current = owner[key];
  return typeof current === 'function' && marker in current;
}

/**
 * Replaces `owner[key]` with `wrap(original)` once: a method already carrying `marker` is left alone, so two copies
 * of Driftwatch (whose markers are `Symbol.for` keys) never wrap twice. The wrapper keeps the original's name.
 * Returns whether the method is wrapped now (by this call or an earlier one).
 */
export function wrapMethod(options: {
  owner: MethodOwner;
  key: string;
  marker: symbol;
  wrap: (original: Method) => Method;
}): boolean {
  const { owner, key, marker } = options;
  const original = owner[key];
  if (typeof original !== 'function') return false;
  if (marker in original) return true;
  const wrapped = options.wrap(original as Method);
  Object.defineProperty(wrapped, marker, { value: original });
  Object.defineProperty(wrapped, 'name', { value: original.name });
  owner[key] = wrapped;
  return true;
}

/** Puts back the method that `wrapMethod` replaced. */
export function unwrapMethod(owner: MethodOwner, key: string, marker: symbol): void {
  const current = owner[key];
  const original = typeof current === 'function' ? (current as MarkedMethod)[marker] : undefined;
  if (original !== undefined) owner[key] = original;
}

/** A class as patching sees it: its prototype and its static members (the SDK's resource classes). */
export type ClassLike = { prototype?: Record<string, unknown> } & Record<string, unknown>;

export function classOf(value: unknown): ClassLike | undefined {
  return typeof value === 'function' ? (value as unknown as ClassLike) : undefined;
}

/**
 * The client class `name` of a CommonJS export, an ES module namespace (`default`), or the class itself: the first
 * of these that is a class (and, when `staticMember` is given, has that static member).
 */
export function clientClassOf(moduleExports: unknown, name: string, staticMember?: string): ClassLike | undefined {
  const record = moduleExports as Record<string, unknown> | undefined;
  const candidates = [record?.[name], record?.default, moduleExports].map(classOf);
  return candidates.find(
    (candidate) => candidate !== undefined && (staticMember === undefined || staticMember in candidate),
  );
}
