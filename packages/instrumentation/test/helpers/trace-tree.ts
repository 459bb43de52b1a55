import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** Span attributes worth a glance, with the short label they get in the tree. */
const LABELS: ReadonlyArray<readonly [string, string]> = [
  ['error.type', 'error'],
  ['driftwatch.fallback.attempt', 'attempt'],
  ['driftwatch.fallback.attempts', 'attempts'],
  ['driftwatch.fallback.primary_provider', 'primary'],
  ['driftwatch.fallback.served_provider', 'served'],
  ['driftwatch.fallback.from_provider', 'from'],
  ['driftwatch.fallback.reason', 'reason'],
];

function line(span: ReadableSpan): string {
  const notes = LABELS.flatMap(([key, label]) =>
    span.attributes[key] === undefined ? [] : [`${label}=${String(span.attributes[key])}`],
  );
  if (span.status.code === SpanStatusCode.ERROR) notes.unshift('ERROR');
  return notes.length === 0 ? span.name : `${span.name}  [${notes.join(' ')}]`;
}

/**
 * The spans of one trace as an indented tree, children in start order, with their status and fallback attributes:
 * what someone reading the trace in Tempo sees at a glance.
 */
export function traceTree(spans: readonly ReadableSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const childrenOf = (parentId: string | undefined) =>
    spans
      .filter((span) => {
        const parent = span.parentSpanContext?.spanId;
        return parentId === undefined ? parent === undefined || !ids.has(parent) : parent === parentId;
      })
      .sort((left, right) => left.startTime[0] - right.startTime[0] || left.startTime[1] - right.startTime[1]);
  const lines: string[] = [];
  const visit = (span: ReadableSpan, prefix: string, childPrefix: string) => {
    lines.push(prefix + line(span));
    const children = childrenOf(span.spanContext().spanId);
    children.forEach((child, index) => {
      const last = index === children.length - 1;
      visit(child, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`);
    });
  };
  for (const root of childrenOf(undefined)) visit(root, '', '');
  return lines.join('\n');
}
