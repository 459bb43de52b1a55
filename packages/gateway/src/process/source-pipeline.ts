import {
  ContextWindowProcessor,
  CostProcessor,
  defaultModelTable,
  ModelDriftProcessor,
  ProcessorInstruments,
  readRequirePinnedModels,
} from '@driftwatch/processors';
import {
  ATTR_DRIFTWATCH_COMPONENT,
  ATTR_DRIFTWATCH_DROP_REASON,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
} from '@driftwatch/semconv';
import type { Attributes, Counter, MeterProvider } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { DerivedInstruments } from './derived-instruments';
import type { GatewaySpan } from './gateway-span';
import { RepeatWindow } from './repeat-window';
import { TraceStates } from './trace-state';

export const GATEWAY_SCOPE_NAME = '@driftwatch/gateway';
export const GATEWAY_SCOPE_VERSION = '0.1.0';

export interface SourcePipelineOptions {
  readonly meterProvider: MeterProvider;
  readonly maxTraces: number;
  readonly maxTraceSpans: number;
  readonly maxTraceAgeMillis: number;
  readonly repeatWindowMillis: number;
}

/**
 * Everything the gateway keeps for one source app (one `service.name`, `deployment.environment.name`,
 * `service.instance.id`): the processors in-process Driftwatch runs (cost, pinning and drift, context fill), the
 * derived instruments, all on a MeterProvider whose resource is the source's, and the per-trace state of its runs.
 */
export class SourcePipeline {
  readonly meterProvider: MeterProvider;
  readonly processorInstruments: ProcessorInstruments;
  readonly derived: DerivedInstruments;
  readonly callProcessors: readonly SpanProcessor[];
  readonly traces: TraceStates;
  readonly repeats: RepeatWindow;
  /** Set once the source is seen recording the conventions' client metrics itself. */
  recordsClientMetrics = false;
  private readonly dropped: Counter;

  constructor(options: SourcePipelineOptions) {
    this.meterProvider = options.meterProvider;
    this.processorInstruments = new ProcessorInstruments(options.meterProvider);
    const meter = options.meterProvider.getMeter(GATEWAY_SCOPE_NAME, GATEWAY_SCOPE_VERSION);
    this.derived = new DerivedInstruments(meter);
    this.dropped = meter.createCounter(METRIC_DRIFTWATCH_TELEMETRY_DROPPED.name, {
      unit: METRIC_DRIFTWATCH_TELEMETRY_DROPPED.unit,
      description: METRIC_DRIFTWATCH_TELEMETRY_DROPPED.description,
    });
    const llmOptions = { instruments: this.processorInstruments, table: defaultModelTable(), slowThresholdMillis: 50 };
    const pinning = readRequirePinnedModels();
    this.callProcessors = [
      new CostProcessor(llmOptions),
      new ModelDriftProcessor({
        ...llmOptions,
        // A gateway cannot refuse a call that already happened: `error` reports as `warn` does.
        requirePinnedModels: pinning === 'error' ? 'warn' : pinning,
        maxModelLabels: 256,
        maxValuesPerLabel: 32,
      }),
      new ContextWindowProcessor(llmOptions),
    ];
    this.traces = new TraceStates({
      maxTraces: options.maxTraces,
      maxSpans: options.maxTraceSpans,
      maxAgeMillis: options.maxTraceAgeMillis,
      onEvicted: (reason) => this.drop(`trace_state_${reason}`),
    });
    this.repeats = new RepeatWindow({ windowMillis: options.repeatWindowMillis, maxTasks: 100_000 });
  }

  /** Runs the processors' `onEnding` on a received LLM span (each guards itself). */
  processCall(span: GatewaySpan): void {
    for (const processor of this.callProcessors) processor.onEnding?.(span as unknown as Span);
  }

  drop(reason: string): void {
    const attributes: Attributes = {
      [ATTR_DRIFTWATCH_COMPONENT]: 'gateway.runs',
      [ATTR_DRIFTWATCH_DROP_REASON]: reason,
    };
    this.dropped.add(1, attributes);
  }
}
