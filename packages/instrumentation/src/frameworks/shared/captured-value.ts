import type { Span } from '@opentelemetry/api';
import { agentTracingOptions } from '../../agent/agent-telemetry';
import { setValueAttribute } from '../../content/content-attribute';

/**
 * Records a tool's arguments or result learned after its span started, only with content capture on: bounded
 * JSON with secrets redacted, as `traceTool` records them.
 */
export function captureToolValue(span: Span, name: string, value: unknown): void {
  const options = agentTracingOptions();
  if (options.captureContent && value !== undefined) setValueAttribute(span, name, value, options.contentMaxLength);
}
