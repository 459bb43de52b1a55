/** Values visited at most. */
const MAX_VISITS = 10_000;
/** Characters collected at most. */
const MAX_CHARACTERS = 256 * 1024;

/**
 * The strings inside a value (object keys included), depth-first, for scanning a tool's result as text without
 * serializing it: iterative, bounded by 10,000 values and 256 KB of text, safe on cycles.
 */
export function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  const strings: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let visits = 0;
  let characters = 0;
  while (stack.length > 0 && visits < MAX_VISITS && characters < MAX_CHARACTERS) {
    const current = stack.pop();
    visits += 1;
    if (typeof current === 'string') {
      strings.push(current);
      characters += current.length;
      continue;
    }
    if (typeof current !== 'object' || current === null || ArrayBuffer.isView(current) || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push(current[index]);
      continue;
    }
    const entries = Object.entries(current);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index] as [string, unknown];
      stack.push(item, key);
    }
  }
  return strings;
}
