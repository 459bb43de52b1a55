import type { OtlpSignal } from '@driftwatch/otlp-proto';
import {
  ATTR_DRIFTWATCH_COMPONENT,
  ATTR_DRIFTWATCH_DROP_REASON,
  DRIFTWATCH_COMPONENT_VALUE_GATEWAY_CONTENT,
  DRIFTWATCH_DROP_REASON_VALUE_AWAITING_CAPACITY,
  DRIFTWATCH_DROP_REASON_VALUE_INCOMPLETE_CONTENT,
  DRIFTWATCH_DROP_REASON_VALUE_LATE_CONTENT,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
} from '@driftwatch/semconv';

/** What the wording of a drop needs to know of the running gateway. */
export interface DropContext {
  /** Where each signal goes, as {@link displayUrl} shows it. */
  readonly nextHops: Readonly<Record<OtlpSignal, string>>;
  readonly maxRetryMillis: number;
  readonly contentWindowMillis: number;
  readonly maxSources: number;
}

/** Where a failed redaction of a span's content is counted: the span went on with its content as received. */
export const REDACTION_COMPONENT = 'gateway.redaction';
export const REDACTION_FAILED_REASON = 'redaction_failed';

/** What a component's dropped items are, in words. */
function itemsOf(component: string): string {
  if (component === 'gateway.export.traces') return 'span(s)';
  if (component === 'gateway.export.metrics') return 'metric(s) sent by apps';
  if (component === 'gateway.export.logs') return 'log record(s)';
  if (component === 'gateway.evaluation_events') return 'evaluation event(s) (gen_ai.evaluation.result)';
  if (component === DRIFTWATCH_COMPONENT_VALUE_GATEWAY_CONTENT) return "LLM call(s)' content, not evaluated";
  if (component === REDACTION_COMPONENT) return "span(s)' content redaction";
  if (component === 'gateway.sources') return "source app(s)' state (processors, runs in progress)";
  if (component.startsWith('gateway.process.')) return `${component.slice('gateway.process.'.length)} export(s)`;
  return 'item(s)';
}

function hopOf(component: string, context: DropContext): string {
  const signal = component === 'gateway.evaluation_events' ? 'logs' : component.slice('gateway.export.'.length);
  return context.nextHops[signal as OtlpSignal] ?? 'the next hop';
}

/** Why they were dropped, in words. */
function whyOf(component: string, reason: string, context: DropContext): string {
  const hop = hopOf(component, context);
  const rejected = /^rejected_(\d+)$/.exec(reason);
  if (rejected !== null) return `the next hop ${hop} refused them with HTTP ${rejected[1]} (not retried)`;
  switch (reason) {
    case 'retries_exhausted':
      return `the next hop ${hop} did not take them in ${context.maxRetryMillis / 1000} s of retries`;
    case 'shutdown':
      return `the next hop ${hop} had not taken them by the shutdown deadline (DRIFTWATCH_SHUTDOWN_TIMEOUT_MS)`;
    case 'export_failed':
      return `the next hop ${hop} did not take them`;
    case 'queue_full':
      return 'more were waiting for the next hop than the queue holds';
    case 'source_limit':
      return `more than ${context.maxSources} source apps sent at once; the least recently seen one was forgotten`;
    case 'internal_error':
      return 'processing them failed (a bug, logged above); they were forwarded unprocessed';
    case REDACTION_FAILED_REASON:
      return 'redacting credentials in their content failed (a bug); those spans were forwarded with their content as received';
    case DRIFTWATCH_DROP_REASON_VALUE_LATE_CONTENT:
      return `the content came more than ${context.contentWindowMillis / 1000} s after its call's span, or after the call was evaluated`;
    case DRIFTWATCH_DROP_REASON_VALUE_INCOMPLETE_CONTENT:
      return 'only part of the content came (an input without its answer) before the window closed or the gateway stopped';
    case DRIFTWATCH_DROP_REASON_VALUE_AWAITING_CAPACITY:
      return 'too many calls were waiting for their content; the oldest were given up';
    default:
      return reason;
  }
}

/** Where a drop is counted: the metric, its labels and the service it is exported under. */
export function countedIn(component: string, reason: string): string {
  return `${METRIC_DRIFTWATCH_TELEMETRY_DROPPED.name}{${ATTR_DRIFTWATCH_COMPONENT}="${component}", ${ATTR_DRIFTWATCH_DROP_REASON}="${reason}"} of service.name=driftwatch-gateway`;
}

/** One line an operator can act on: how many of what were dropped, why, and where they are counted. */
export function describeDrop(options: {
  component: string;
  reason: string;
  items: number;
  context: DropContext;
}): string {
  const { component, reason, items, context } = options;
  return `dropped ${items} ${itemsOf(component)}: ${whyOf(component, reason, context)}. Counted in ${countedIn(component, reason)}`;
}
