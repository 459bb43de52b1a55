import {
  type ClassLike,
  classOf,
  clientClassOf,
  type Method,
  unwrapMethod,
  wrapMethod,
} from '../genai/prototype-patch';
import { chatCompletionsAdapter } from './chat-completions';
import { embeddingsAdapter } from './embeddings';
import type { OperationAdapter } from './operation-adapter';
import { responsesAdapter } from './responses';

/** Marks a wrapper on the SDK's prototypes; `Symbol.for` so two copies of Driftwatch never wrap twice. */
const ORIGINAL = Symbol.for('driftwatch.openai.original');

export type CreateFunction = Method;
export type WrapCreate = (original: CreateFunction, adapter: OperationAdapter) => CreateFunction;

interface PatchTarget {
  readonly prototype: Record<string, unknown>;
  readonly adapter: OperationAdapter;
}

/** The resource prototypes whose `create` Driftwatch wraps, found through the client's static resource classes. */
export function patchTargets(moduleExports: unknown): PatchTarget[] {
  const openAI = clientClassOf(moduleExports, 'OpenAI');
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

/** Wraps every target's `create` once; returns how many targets are wrapped now (by this call or an earlier one). */
export function patchModule(moduleExports: unknown, wrapCreate: WrapCreate): number {
  const targets = patchTargets(moduleExports);
  for (const target of targets) {
    wrapMethod({
      owner: target.prototype,
      key: 'create',
      marker: ORIGINAL,
      wrap: (original) => wrapCreate(original, target.adapter),
    });
  }
  return targets.length;
}

/** Restores the SDK's own `create` methods. */
export function unpatchModule(moduleExports: unknown): void {
  for (const target of patchTargets(moduleExports)) unwrapMethod(target.prototype, 'create', ORIGINAL);
}
