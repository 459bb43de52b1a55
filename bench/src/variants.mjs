// The variants compared, each run in its own child process. This file is metadata only (the harness reads it);
// `variant-setup.mjs` builds them inside the child.

/**
 * - `openai`: the package the workload loads (`openai` is 6.49.0 from bench/, which every peer patches;
 *   `openai-v7` is 7.57.0, which only Driftwatch supports).
 * - `baseline`: the variant each figure is compared with, in the same round.
 * - `sdk`: whether the OpenTelemetry SDK is registered.
 * - `recordsMetrics`: whether a working set-up of this variant records metrics.
 * - `noopMeter`: the instrumentation's metrics go to a no-op meter (its span path alone, for comparison with the
 *   peers that record no metrics).
 * - `untraced`: scenarios the instrumentation does not cover (reported as such, not as a failed set-up).
 * - `agentSpans`: how the agent scenario's run and tool spans are made (`driftwatch`: traceAgent and tool;
 *   `manual`: tracer.startActiveSpan, what a user of that instrumentation writes; `none`: no spans).
 */
export const VARIANTS = [
  {
    name: 'none',
    openai: 'openai',
    baseline: 'none',
    sdk: false,
    recordsMetrics: false,
    agentSpans: 'none',
    description: 'openai 6, no OpenTelemetry at all',
  },
  {
    name: 'sdk-only',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    recordsMetrics: false,
    agentSpans: 'none',
    description: 'openai 6, SDK registered (tracer, meter, context manager), no instrumentation',
  },
  {
    name: 'driftwatch',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    recordsMetrics: true,
    agentSpans: 'driftwatch',
    description: 'openai 6, @driftwatch/instrumentation (module hook), no processors',
  },
  {
    name: 'driftwatch-spans',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    recordsMetrics: false,
    noopMeter: true,
    agentSpans: 'driftwatch',
    description:
      "openai 6, @driftwatch/instrumentation with its metrics to a no-op meter: spans only, what traceloop's and openinference's record",
  },
  {
    name: 'driftwatch+processors',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    processors: true,
    recordsMetrics: true,
    agentSpans: 'driftwatch',
    description:
      'openai 6, @driftwatch/instrumentation and driftwatchProcessors() as register installs them (cost, drift, context, runs; sync evaluators when the build has them)',
  },
  {
    name: 'otel',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    peer: '@opentelemetry/instrumentation-openai',
    recordsMetrics: true,
    agentSpans: 'manual',
    description: 'openai 6, @opentelemetry/instrumentation-openai (module hook)',
  },
  {
    name: 'traceloop',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    peer: '@traceloop/instrumentation-openai',
    recordsMetrics: false,
    untraced: ['embeddings'],
    agentSpans: 'manual',
    description: 'openai 6, @traceloop/instrumentation-openai (module hook)',
  },
  {
    name: 'openinference',
    openai: 'openai',
    baseline: 'none',
    sdk: true,
    peer: '@arizeai/openinference-instrumentation-openai',
    recordsMetrics: false,
    agentSpans: 'manual',
    description: 'openai 6, @arizeai/openinference-instrumentation-openai (module hook)',
  },
  {
    name: 'none@7',
    openai: 'openai-v7',
    baseline: 'none@7',
    sdk: false,
    recordsMetrics: false,
    agentSpans: 'none',
    description: 'openai 7, no OpenTelemetry at all',
  },
  {
    name: 'driftwatch@7',
    openai: 'openai-v7',
    baseline: 'none@7',
    sdk: true,
    recordsMetrics: true,
    agentSpans: 'driftwatch',
    description: 'openai 7, @driftwatch/instrumentation (instrumentOpenAI-style patch), no processors',
  },
  {
    name: 'driftwatch+processors@7',
    openai: 'openai-v7',
    baseline: 'none@7',
    sdk: true,
    processors: true,
    recordsMetrics: true,
    agentSpans: 'driftwatch',
    description: 'openai 7, @driftwatch/instrumentation and driftwatchProcessors() as register installs them',
  },
];

export const PEER_NAMES = VARIANTS.filter((variant) => variant.peer !== undefined).map((variant) => variant.name);

export function variantNamed(name) {
  const variant = VARIANTS.find((candidate) => candidate.name === name);
  if (variant === undefined) {
    throw new Error(`unknown variant "${name}" (known: ${VARIANTS.map((known) => known.name).join(', ')})`);
  }
  return variant;
}
