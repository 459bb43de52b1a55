import { AsyncLocalStorage } from 'node:async_hooks';
import type { FaultMode } from '../types';

/** A tool call that wrote a resource, for the concurrency layer's conflict detector. */
export interface ResourceWrite {
  readonly tool: string;
  readonly key: string;
  readonly run: number;
  /** The call's arguments as stable JSON: two writes with different arguments conflict. */
  readonly argumentsJson: string;
  readonly startedAt: number;
  endedAt: number | undefined;
}

/** What the tool interceptor needs to know about the case whose tools it sees. */
export interface CaseState {
  /** Tool names the run called, in order of first call. */
  readonly toolsSeen: string[];
  /** Tools whose framework keeps their own result (AI SDK 7): a malformed result cannot be injected there. */
  readonly fixedResultTools: Set<string>;
  readonly fault?: { readonly tool: string; readonly mode: FaultMode; readonly firstCallOnly?: boolean };
  /** How many calls the fault hit. */
  faultHits: number;
  /** Concurrency layer: where writes are logged, which run this is, and how to find each write's resource. */
  readonly writes?: {
    readonly log: ResourceWrite[];
    readonly run: number;
    readonly keyOf: (tool: string, args: unknown) => string | undefined;
  };
}

/** The case each tool call belongs to, across `await`s and concurrent runs. */
export const caseStorage = new AsyncLocalStorage<CaseState>();
