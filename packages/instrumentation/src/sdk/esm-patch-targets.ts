import { defaultAnthropicInstrumentation } from '../anthropic/default-instrumentation';
import { defaultMCPInstrumentation } from '../frameworks/mcp/default-instrumentation';
import { defaultOpenAIAgentsInstrumentation } from '../frameworks/openai-agents/default-instrumentation';

/** Patches one loaded copy of an SDK (an ES module namespace) of the given version. */
export interface ModulePatcher {
  patch(moduleExports: unknown, moduleVersion?: string): boolean;
}

/**
 * An ES module Driftwatch patches through its classes' prototypes, so the module's own namespace (immutable, not a
 * proxy) is all a patch needs. Matched by the specifier an importer writes or, for files imported by relative
 * paths (the MCP SDK's), by the resolved URL.
 */
export interface EsmPatchTarget {
  readonly packageName: string;
  /** The package subpath of the module, for loading it from the app (`.` or `./client/index.js`). */
  readonly subpath: string;
  readonly specifier?: string;
  readonly url?: RegExp;
  patch(namespace: unknown, version: string | undefined): void;
}

/** Every ES module Driftwatch patches, with the process-wide instrumentations unless others are given. */
export function esmPatchTargets(
  openAIInstrumentation: ModulePatcher,
  anthropicInstrumentation: ModulePatcher = defaultAnthropicInstrumentation(),
): EsmPatchTarget[] {
  const agents = defaultOpenAIAgentsInstrumentation();
  const mcp = defaultMCPInstrumentation();
  return [
    {
      packageName: 'openai',
      subpath: '.',
      specifier: 'openai',
      patch: (namespace, version) => openAIInstrumentation.patch(namespace, version),
    },
    {
      packageName: '@anthropic-ai/sdk',
      subpath: '.',
      specifier: '@anthropic-ai/sdk',
      patch: (namespace, version) => anthropicInstrumentation.patch(namespace, version),
    },
    {
      packageName: '@openai/agents-core',
      subpath: '.',
      specifier: '@openai/agents-core',
      patch: (namespace) => agents.patch(namespace),
    },
    {
      packageName: '@modelcontextprotocol/sdk',
      subpath: './client/index.js',
      url: /\/@modelcontextprotocol\/sdk\/dist\/esm\/client\/index\.js$/,
      patch: (namespace) => mcp.patchClient(namespace),
    },
    {
      packageName: '@modelcontextprotocol/sdk',
      subpath: './server/index.js',
      url: /\/@modelcontextprotocol\/sdk\/dist\/esm\/server\/index\.js$/,
      patch: (namespace) => mcp.patchServer(namespace),
    },
    {
      packageName: '@modelcontextprotocol/client',
      subpath: '.',
      specifier: '@modelcontextprotocol/client',
      patch: (namespace) => mcp.patchClient(namespace),
    },
  ];
}
