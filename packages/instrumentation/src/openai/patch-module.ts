import { chatCompletionsAdapter } from './chat-completions';
import { embeddingsAdapter } from './embeddings';
import type { OperationAdapter } from './operation-adapter';
import { responsesAdapter } from './responses';

/** Marks a wrapper on the SDK's prototypes; `Symbol.for` so two copies of Driftwatch never wrap twice. */
const ORIGINAL = Symbol.for('driftwatch.openai.original');

export type CreateFunction = (this: unknown, ...args: unknown[]) => unknown;
type WrappedCreate = CreateFunction & { [ORIGINAL]?: CreateFunction };
export type WrapCreate = (original: CreateFunction, adapter: OperationAdapter) => CreateFunction;

interface PatchTarget {
  readonly prototype: { create?: unknown };
  readonly adapter: OperationAdapter;
}

type ClassLike = { prototype?: { create?: unknown } } & Record<string, unknown>;

function classOf(value: unknown): ClassLike | undefined {
  return typeof value === 'function' ? (value as unknown as ClassLike) : undefined;
}

/** The `OpenAI` class of a CommonJS export, an ES module namespace, or the class itself. */
export function openAIClassOf(moduleExports: unknown): ClassLike | undefined {
  const record = moduleExports as Record<string, unknown> | undefined;
  return classOf(record?.OpenAI) ?? classOf(record?.default) ?? classOf(moduleExports);
}

/** The resource prototypes whose `create` Driftwatch wraps, found through the client's static resource classes. */
export function patchTargets(moduleExports: unknown): PatchTarget[] {
  const openAI = openAIClassOf(moduleExports);
  if (openAI === undefined) return [];
  const targets: PatchTarget[] = [];
  const add = (resource: ClassLike | undefined, adapter: OperationAdapter) => {
    const prototype = resource?.prototype;
    if (prototype !== undefined && typeof prototype.create === 'function') targets.push({ prototype, adapter });
  };
  add(classOf(classOf(openAI.Chat)?.Completions), chatCompletionsAdapter);
  add(classOf(openAI.Responses), responsesAdapter);
  add(classOf(openAI.Embeddings), embeddingsAdapter);
  return targets;
}

function isPatched(target: PatchTarget): boolean {
  return typeof target.prototype.create === 'function' && ORIGINAL in (target.prototype.create as WrappedCreate);
}

/** Wraps every target's `create` once; returns how many targets are wrapped now (by this call or an earlier one). */
export function patchModule(moduleExports: unknown, wrapCreate: WrapCreate): number {
  const targets = patchTargets(moduleExports);
  for (const target of targets) {
    if (isPatched(target)) continue;
    const original = target.prototype.create as CreateFunction;
    const wrapped: WrappedCreate = wrapCreate(original, target.adapter);
    Object.defineProperty(wrapped, ORIGINAL, { value: original });
    Object.defineProperty(wrapped, 'name', { value: original.name });
    target.prototype.create = wrapped;
  }
  return targets.length;
}

/** Restores the SDK's own `create` methods. */
export function unpatchModule(moduleExports: unknown): void {
  for (const target of patchTargets(moduleExports)) {
    const current = target.prototype.create as WrappedCreate;
    const original = current[ORIGINAL];
    if (original !== undefined) target.prototype.create = original;
  }
}
