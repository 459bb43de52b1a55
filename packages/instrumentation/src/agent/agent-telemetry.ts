import { counterFor, histogramFor, resolveSettings } from '@driftwatch/processors/internal';
import {
  METRIC_DRIFTWATCH_AGENT_DURATION,
  METRIC_DRIFTWATCH_AGENT_ESCALATIONS,
  METRIC_DRIFTWATCH_AGENT_EXECUTIONS,
  METRIC_DRIFTWATCH_AGENT_REPEATS,
  METRIC_DRIFTWATCH_OUTCOME_VALUE,
  METRIC_DRIFTWATCH_TOOL_CALLS,
  METRIC_DRIFTWATCH_TOOL_DURATION,
} from '@driftwatch/semconv';
import {
  type Counter,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../internal/package-info';

/** Options of the agent and tool API (`traceAgent`, `traceTool`); each falls back to its environment variable. */
export interface AgentTracingOptions {
  /**
   * Record tool arguments and results on `execute_tool` spans. Env: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`.
   * Default: false.
   */
  captureContent?: boolean;
  /** Upper bound, in characters, of each captured attribute. Env: `DRIFTWATCH_CONTENT_MAX_LENGTH`. Default: 16384. */
  contentMaxLength?: number;
  /**
   * How long a completed task counts for repeat detection, in milliseconds. Env: `DRIFTWATCH_REPEAT_WINDOW_MS`.
   * Default: 24 h.
   */
  repeatWindowMillis?: number;
  /**
   * Most completed tasks remembered for repeat detection (oldest forgotten first; about 150 bytes each).
   * Env: `DRIFTWATCH_REPEAT_MAX_TASKS`. Default: 100000.
   */
  maxTrackedTasks?: number;
  /** The clock of repeat detection, in milliseconds (tests make the window exact with it). Default: `Date.now`. */
  now?: () => number;
}

export interface ResolvedAgentTracingOptions {
  readonly captureContent: boolean;
  readonly contentMaxLength: number;
  readonly repeatWindowMillis: number;
  readonly maxTrackedTasks: number;
  readonly now: () => number;
}

let overrides: AgentTracingOptions = {};
let resolved: ResolvedAgentTracingOptions | undefined;
const listeners = new Set<(options: ResolvedAgentTracingOptions) => void>();

/** Sets options of the agent and tool API for the whole process; unset fields keep their environment defaults. */
export function configureAgentTracing(options: AgentTracingOptions): void {
  overrides = { ...overrides, ...options };
  resolved = undefined;
  const current = agentTracingOptions();
  for (const listener of listeners) listener(current);
}

/** Calls `listener` whenever the options change. */
export function onAgentTracingOptions(listener: (options: ResolvedAgentTracingOptions) => void): void {
  listeners.add(listener);
}

export function agentTracingOptions(): ResolvedAgentTracingOptions {
  if (resolved === undefined) {
    const { captureContent, contentMaxLength, repeatWindowMillis, maxTrackedTasks } = resolveSettings(overrides);
    resolved = {
      captureContent,
      contentMaxLength,
      repeatWindowMillis,
      maxTrackedTasks,
      now: overrides.now ?? Date.now,
    };
  }
  return resolved;
}

/** The agent and tool instruments, created on the meter provider that is global when they are first used. */
export class AgentInstruments {
  readonly executions: Counter;
  readonly duration: Histogram;
  readonly escalations: Counter;
  readonly repeats: Counter;
  readonly outcomeValue: Histogram;
  readonly toolCalls: Counter;
  readonly toolDuration: Histogram;

  constructor(meter: Meter) {
    this.executions = counterFor(meter, METRIC_DRIFTWATCH_AGENT_EXECUTIONS);
    this.duration = histogramFor(meter, METRIC_DRIFTWATCH_AGENT_DURATION);
    this.escalations = counterFor(meter, METRIC_DRIFTWATCH_AGENT_ESCALATIONS);
    this.repeats = counterFor(meter, METRIC_DRIFTWATCH_AGENT_REPEATS);
    this.outcomeValue = histogramFor(meter, METRIC_DRIFTWATCH_OUTCOME_VALUE);
    this.toolCalls = counterFor(meter, METRIC_DRIFTWATCH_TOOL_CALLS);
    this.toolDuration = histogramFor(meter, METRIC_DRIFTWATCH_TOOL_DURATION);
  }
}

let instrumentsProvider: MeterProvider | undefined;
let instruments: AgentInstruments | undefined;
let tracerProvider: TracerProvider | undefined;
let tracer: Tracer | undefined;

/**
 * The instruments on the current global meter provider. The metrics API has no proxy provider, so instruments
 * made before the SDK starts would stay no-ops: they are re-made whenever the global provider changes.
 */
export function agentInstruments(): AgentInstruments {
  const provider = metrics.getMeterProvider();
  if (instruments === undefined || provider !== instrumentsProvider) {
    instrumentsProvider = provider;
    instruments = new AgentInstruments(provider.getMeter(PACKAGE_NAME, PACKAGE_VERSION));
  }
  return instruments;
}

/** The tracer of the agent API on the current global tracer provider. */
export function agentTracer(): Tracer {
  const provider = trace.getTracerProvider();
  if (tracer === undefined || provider !== tracerProvider) {
    tracerProvider = provider;
    tracer = provider.getTracer(PACKAGE_NAME, PACKAGE_VERSION);
  }
  return tracer;
}
