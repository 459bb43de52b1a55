import Module from 'node:module';
import { sep } from 'node:path';
import { reportInternalError } from '../internal/guard';

type Require = (this: Module, id: string) => unknown;

/**
 * The SDKs Driftwatch patches through their entry module only: no instrumentation hooks a file inside them, so their
 * own relative requires need no require hook.
 */
const ENTRY_PATCHED_PACKAGES = ['openai', '@anthropic-ai/sdk'].map(
  (name) => `${sep}node_modules${sep}${name.replace('/', sep)}${sep}`,
);

const DOT = 46;

/** Whether a `require(id)` from `parent` is one of those SDKs requiring a file of its own. */
function isInternalRequireOfEntryPatchedSdk(parent: Module, id: string): boolean {
  if (id.charCodeAt(0) !== DOT) return false;
  const filename = parent.filename;
  if (typeof filename !== 'string') return false;
  return ENTRY_PATCHED_PACKAGES.some((directory) => filename.includes(directory));
}

/**
 * The instrumentation base's require hook (require-in-the-middle) resolves every `require` of a CommonJS app to
 * see whether an instrumentation wants it: for `openai` 7 alone that is ~970 resolutions, most of what `register`
 * costs a CommonJS app at start. The relative requires inside `openai` and the Anthropic SDK, whose files no
 * instrumentation hooks (their entry modules are what get patched, and they still go through the hook), skip it
 * and go to the `require` that was there before it. Every other require is unchanged, so other instrumentations
 * keep their hooks. Call with the `require` captured before the instrumentations were created.
 */
export function skipRequireHookInsideEntryPatchedSdks(requireBeforeHooks: Require): void {
  try {
    const prototype = Module.prototype as unknown as { require: Require };
    const hooked = prototype.require;
    if (hooked === requireBeforeHooks) return;
    const bypassing: Require = function (this: Module, id: string) {
      return isInternalRequireOfEntryPatchedSdk(this, id) ? requireBeforeHooks.call(this, id) : hooked.call(this, id);
    };
    prototype.require = bypassing;
  } catch (error) {
    reportInternalError('require-bypass', error);
  }
}

/** The `require` CommonJS modules use now, to hand to {@link skipRequireHookInsideEntryPatchedSdks} later. */
export function currentRequire(): Require {
  return (Module.prototype as unknown as { require: Require }).require;
}
