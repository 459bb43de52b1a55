import { ATTR_DRIFTWATCH_CONTENT_TRUNCATED } from '@driftwatch/semconv';
import type { Span } from '@opentelemetry/api';
import { agentTracingOptions } from '../../agent/agent-telemetry';
import { boundedJson } from '../../content/bounded-json';
import { countDropped } from '../../internal/guard';

/**
 * Records a tool's arguments or result learned after its span started, only with content capture on: bounded
 * JSON with secrets redacted, as `traceTool` records them.
 */
export function captureToolValue(span: Span, name: string, value: unknown): void {
  const options = agentTracingOptions();
  if (!options.captureContent || value === undefined) return;
  try {
    const { json, truncated } = boundedJson([value], options.contentMaxLength);
    if (json !== '[]') span.setAttribute(name, json.slice(1, -1));
    if (truncated) {
      span.setAttribute(ATTR_DRIFTWATCH_CONTENT_TRUNCATED, name);
      countDropped('content', 'attribute_budget');
    }
  } catch {
    countDropped('content', 'unserializable');
  }
}
