import type { FaultMode } from '../types';

/** The error an injected HTTP failure throws: shaped like an HTTP client's, so Driftwatch classifies it by status. */
export class InjectedToolFault extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(tool: string, status: number, headers: Record<string, string> = {}) {
    super(`${tool}: the service answered HTTP ${status} (injected by driftwatch-test)`);
    this.name = 'InjectedToolFault';
    this.status = status;
    this.headers = headers;
  }
}

/**
 * A result in the wrong shape: the first field missing, numbers as strings, strings as numbers, booleans as words,
 * nested objects null. Arrays are wrapped in an object, anything else becomes an empty object.
 */
export function malformed(value: unknown): unknown {
  if (Array.isArray(value)) return { items: value.length };
  if (typeof value !== 'object' || value === null) return {};
  const entries = Object.entries(value as Record<string, unknown>).slice(1);
  return Object.fromEntries(
    entries.map(([key, field]) => {
      if (typeof field === 'number') return [key, String(field)];
      if (typeof field === 'string') return [key, field.length];
      if (typeof field === 'boolean') return [key, field ? 'yes' : 'no'];
      return [key, null];
    }),
  );
}

/** What a tool call under `mode` gives its caller: a rejection like the real failure, or the real result mangled. */
export function injectFault(mode: FaultMode, tool: string, proceed: () => unknown): Promise<unknown> {
  switch (mode) {
    case 'http_500':
      return Promise.reject(new InjectedToolFault(tool, 500));
    case 'rate_limit':
      return Promise.reject(new InjectedToolFault(tool, 429, { 'retry-after': '1' }));
    case 'timeout':
      return Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    case 'malformed':
      return Promise.resolve().then(proceed).then(malformed);
  }
}

export const FAULT_MODES: readonly FaultMode[] = ['http_500', 'timeout', 'malformed', 'rate_limit'];
