import { AgentRunProcessor, driftwatchProcessors } from '@driftwatch/processors';
import {
  EVALUATION_EVENTS_ENVIRONMENT,
  type LateContentEvaluation,
  lateContentEvaluationOf,
} from '@driftwatch/processors/internal';
import {
  ATTR_DRIFTWATCH_COMPONENT,
  ATTR_DRIFTWATCH_DROP_REASON,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
} from '@driftwatch/semconv';
import type { Attributes, Counter, LoggerProvider, MeterProvider } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { DerivedInstruments } from './derived-instruments';
import type { GatewaySpan } from './gateway-span';
import { RepeatWindow } from './repeat-window';
import { type SpanBudget, TraceStates } from './trace-state';

export const GATEWAY_SCOPE_NAME = '@driftwatch/gateway';
export const GATEWAY_SCOPE_VERSION = '0.1.0';

export interface SourcePipelineOptions {
  readonly meterProvider: MeterProvider;
  /** Where the evaluators' `gen_ai.evaluation.result` events go; none: no events. */
  readonly loggerProvider?: LoggerProvider;
  readonly maxTraces: number;
  readonly maxTraceSpans: number;
  readonly maxTraceAgeMillis: number;
  readonly spanBudget: SpanBudget;
  readonly repeatWindowMillis: number;
}

/**
 * Everything the gateway keeps for one source app (one `service.name`, `deployment.environment.name`,
 * `service.instance.id`): Driftwatch's processors as in-process (cost, pinning and drift, context fill, quality
 * scores over the content contract; the variables `DRIFTWATCH_PRICE_TABLE`, `DRIFTWATCH_REQUIRE_PINNED_MODELS`,
 * `DRIFTWATCH_EVALUATORS` apply), the derived instruments, all on a MeterProvider whose resource is the source's,
 * and the per-trace state of its runs. The in-process run processor is left out: it follows runs from their start,
 * which a gateway never sees; the gateway rolls runs up from the spans that arrived before the run's own.
 */
export class SourcePipeline {
  readonly meterProvider: MeterProvider;
  readonly derived: DerivedInstruments;
  readonly processors: readonly SpanProcessor[];
  /** The quality processor's evaluation of content that arrives after its span; none with evaluation off. */
  readonly lateContent: LateContentEvaluation | undefined;
  readonly traces: TraceStates;
  readonly repeats: RepeatWindow;
  /** Set once the source is seen recording the conventions' client metrics itself. */
  recordsClientMetrics = false;
  private readonly dropped: Counter;

  constructor(options: SourcePipelineOptions) {
    this.meterProvider = options.meterProvider;
    const meter = options.meterProvider.getMeter(GATEWAY_SCOPE_NAME, GATEWAY_SCOPE_VERSION);
    this.derived = new DerivedInstruments(meter);
    this.dropped = meter.createCounter(METRIC_DRIFTWATCH_TELEMETRY_DROPPED.name, {
      unit: METRIC_DRIFTWATCH_TELEMETRY_DROPPED.unit,
      description: METRIC_DRIFTWATCH_TELEMETRY_DROPPED.description,
    });
    this.processors = driftwatchProcessors({
      meterProvider: options.meterProvider,
      // Scores land on the spans and in `driftwatch.evaluation.score`, and `gen_ai.evaluation.result` events go to
      // the source's LoggerProvider: `DRIFTWATCH_EVALUATION_EVENTS` as in-process, `failures` when unset (one
      // gateway serves many apps; every score is in the metrics). No app waits on the gateway's evaluators, so the
      // sync ones get a budget that load cannot push them past: past it they would finish after the span was
      // forwarded, and their scores would reach the metrics and events only.
      evaluation:
        options.loggerProvider === undefined
          ? { events: 'none', syncBudgetMillis: 1_000 }
          : {
              loggerProvider: options.loggerProvider,
              ...(process.env[EVALUATION_EVENTS_ENVIRONMENT]?.trim() ? {} : { events: 'failures' as const }),
              syncBudgetMillis: 1_000,
            },
    }).filter((processor) => !(processor instanceof AgentRunProcessor));
    this.lateContent = lateContentEvaluationOf(this.processors);
    this.traces = new TraceStates({
      maxTraces: options.maxTraces,
      maxSpans: options.maxTraceSpans,
      maxAgeMillis: options.maxTraceAgeMillis,
      budget: options.spanBudget,
      onEvicted: (reason) => this.drop(`trace_state_${reason}`),
    });
    this.repeats = new RepeatWindow({ windowMillis: options.repeatWindowMillis, maxTasks: 100_000 });
  }

  /** Runs the processors' `onEnding` then `onEnd` on a received span, as the SDK does when a span ends. */
  process(span: GatewaySpan): void {
    const sdkSpan = span as unknown as Span;
    for (const processor of this.processors) processor.onEnding?.(sdkSpan);
    for (const processor of this.processors) processor.onEnd(sdkSpan);
  }

  drop(reason: string): void {
    const attributes: Attributes = {
      [ATTR_DRIFTWATCH_COMPONENT]: 'gateway.runs',
      [ATTR_DRIFTWATCH_DROP_REASON]: reason,
    };
    this.dropped.add(1, attributes);
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.processors.map((processor) => processor.shutdown()));
  }
}
