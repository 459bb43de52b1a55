import {
  METRIC_DRIFTWATCH_AGENT_COST,
  METRIC_DRIFTWATCH_AGENT_STEPS,
  METRIC_DRIFTWATCH_AGENT_TOKENS,
  METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO,
  METRIC_DRIFTWATCH_EVALUATION_DROPPED,
  METRIC_DRIFTWATCH_EVALUATION_FAILURES,
  METRIC_DRIFTWATCH_EVALUATION_SCORE,
  METRIC_DRIFTWATCH_LLM_COST,
  METRIC_DRIFTWATCH_LLM_UNPRICED_CALLS,
  METRIC_DRIFTWATCH_MODEL_CHANGES,
  METRIC_DRIFTWATCH_MODEL_CHECKPOINT,
  METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
} from '@driftwatch/semconv';
import {
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  type ObservableResult,
} from '@opentelemetry/api';
import { counterFor, histogramFor } from './instrument-for';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';

/** Reports the current series of an observable gauge at each collection. */
export type GaugeCallback = (result: ObservableResult) => void;

/** Every instrument the processors record to. */
export interface Instruments {
  readonly llmCost: Counter;
  readonly unpricedCalls: Counter;
  readonly unpinnedCalls: Counter;
  readonly modelChanges: Counter;
  readonly contextFillRatio: Histogram;
  readonly agentCost: Histogram;
  readonly agentTokens: Histogram;
  readonly agentSteps: Histogram;
  readonly telemetryDropped: Counter;
  readonly evaluationScore: Histogram;
  readonly evaluationFailures: Counter;
  readonly evaluationDropped: Counter;
}

function createInstruments(meter: Meter, checkpointCallback: GaugeCallback): Instruments {
  const checkpoint = meter.createObservableGauge(METRIC_DRIFTWATCH_MODEL_CHECKPOINT.name, {
    unit: METRIC_DRIFTWATCH_MODEL_CHECKPOINT.unit,
    description: METRIC_DRIFTWATCH_MODEL_CHECKPOINT.description,
  });
  checkpoint.addCallback(checkpointCallback);
  return {
    llmCost: counterFor(meter, METRIC_DRIFTWATCH_LLM_COST),
    unpricedCalls: counterFor(meter, METRIC_DRIFTWATCH_LLM_UNPRICED_CALLS),
    unpinnedCalls: counterFor(meter, METRIC_DRIFTWATCH_MODEL_UNPINNED_CALLS),
    modelChanges: counterFor(meter, METRIC_DRIFTWATCH_MODEL_CHANGES),
    contextFillRatio: histogramFor(meter, METRIC_DRIFTWATCH_CONTEXT_FILL_RATIO),
    agentCost: histogramFor(meter, METRIC_DRIFTWATCH_AGENT_COST),
    agentTokens: histogramFor(meter, METRIC_DRIFTWATCH_AGENT_TOKENS),
    agentSteps: histogramFor(meter, METRIC_DRIFTWATCH_AGENT_STEPS),
    telemetryDropped: counterFor(meter, METRIC_DRIFTWATCH_TELEMETRY_DROPPED),
    evaluationScore: histogramFor(meter, METRIC_DRIFTWATCH_EVALUATION_SCORE),
    evaluationFailures: counterFor(meter, METRIC_DRIFTWATCH_EVALUATION_FAILURES),
    evaluationDropped: counterFor(meter, METRIC_DRIFTWATCH_EVALUATION_DROPPED),
  };
}

/**
 * The processors' instruments, resolved on use. The API's global `metrics` has no proxy: instruments made from it
 * before the SDK registers its MeterProvider (NodeSDK does so in `start()`, after the processors were built) would
 * stay no-ops forever. So unless a `meterProvider` was given, each use compares the global provider with the one
 * the instruments were made from and makes them again when it changed.
 */
export class ProcessorInstruments {
  private readonly meterProvider: MeterProvider | undefined;
  private resolvedFrom: MeterProvider | undefined;
  private instruments: Instruments | undefined;
  private checkpointCallbacks: GaugeCallback[] = [];

  constructor(meterProvider?: MeterProvider) {
    this.meterProvider = meterProvider;
  }

  /** The instruments of the current MeterProvider. */
  get(): Instruments {
    const provider = this.meterProvider ?? metrics.getMeterProvider();
    if (this.instruments === undefined || provider !== this.resolvedFrom) {
      this.resolvedFrom = provider;
      const meter = provider.getMeter(PACKAGE_NAME, PACKAGE_VERSION);
      this.instruments = createInstruments(meter, (result) => this.observeCheckpoints(result));
    }
    return this.instruments;
  }

  /** Adds a source of `driftwatch.model.checkpoint` series; called at each collection. */
  addCheckpointCallback(callback: GaugeCallback): void {
    this.checkpointCallbacks.push(callback);
  }

  private observeCheckpoints(result: ObservableResult): void {
    for (const callback of this.checkpointCallbacks) {
      try {
        callback(result);
      } catch {
        // A collection must never fail because of one source; the source reports its own errors.
      }
    }
  }
}
