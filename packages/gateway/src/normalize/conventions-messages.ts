/**
 * The GenAI conventions' message form (`gen_ai.input.messages` / `gen_ai.output.messages` JSON), the one content
 * contract the evaluators read, built from the peers' flattened message attributes.
 */

export interface ConventionsPart {
  type: string;
  [field: string]: unknown;
}

export interface ConventionsMessage {
  role: string;
  parts: ConventionsPart[];
  name?: string;
  finish_reason?: string;
}

/** A tool call's arguments as an object when they are JSON (the conventions' form), else the raw text. */
export function parsedArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Finish reasons as the output schema names them (`tool_calls` becomes `tool_call`). */
export function conventionsFinishReason(raw: string | undefined, hasToolCalls: boolean): string {
  if (raw === 'tool_calls' || raw === 'function_call') return 'tool_call';
  if (raw !== undefined && raw !== '') return raw;
  return hasToolCalls ? 'tool_call' : 'stop';
}

/** The numbered indices under `prefix` (`llm.input_messages.` gives 0, 1, 2…), in order. */
export function indicesUnder(keys: readonly string[], prefix: string): number[] {
  const indices = new Set<number>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const index = Number.parseInt(key.slice(prefix.length), 10);
    if (Number.isInteger(index) && index >= 0 && index < 10_000) indices.add(index);
  }
  return [...indices].sort((left, right) => left - right);
}
