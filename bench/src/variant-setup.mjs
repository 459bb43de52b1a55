// Builds one variant inside its child process: the SDK (when the variant has one), the instrumentation, then the
// `openai` module, loaded with `require` after the instrumentation so module hooks patch it as they would in an
// app. Peers cannot be unpatched cleanly, which is why every variant gets a fresh process.
// Nothing of OpenTelemetry is loaded for the variants without it, so their heap is the app's alone.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A MeterProvider whose instruments record nothing (the `driftwatch-spans` variant). */
const NOOP_METER_PROVIDER = { getMeter: () => require('@opentelemetry/api').createNoopMeter() };

/**
 * Content capture off everywhere, as Driftwatch ships: the peers that record prompts and completions by default
 * are switched to their no-content setting, so the comparison is of instrumentation, not of serializing content.
 * `peerDefaults` keeps each peer's own defaults instead.
 */
function peerConfig(name, peerDefaults) {
  if (peerDefaults) return {};
  switch (name) {
    case 'traceloop':
      return { traceContent: false };
    case 'openinference':
      return {
        traceConfig: {
          hideInputs: true,
          hideOutputs: true,
          hideInputMessages: true,
          hideOutputMessages: true,
          hideLLMTools: true,
          hideEmbeddingVectors: true,
        },
      };
    default:
      return {};
  }
}

function createPeer(variant, peerDefaults) {
  const config = peerConfig(variant.name, peerDefaults);
  switch (variant.name) {
    case 'otel': {
      const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
      return new OpenAIInstrumentation(config);
    }
    case 'traceloop': {
      const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
      return new OpenAIInstrumentation(config);
    }
    case 'openinference': {
      const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
      return new OpenAIInstrumentation(config);
    }
    default:
      throw new Error(`no peer set-up for ${variant.name}`);
  }
}

/** The installed version of a package, read from its package.json (some do not export it). */
function versionOf(packageName) {
  let directory = dirname(require.resolve(packageName));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
      if (name !== undefined && version !== undefined) return version;
    }
    const parent = dirname(directory);
    if (parent === directory) return 'unknown';
    directory = parent;
  }
}

/**
 * Driftwatch's span processors for the processors variants, as `register` installs them: cost, drift, context,
 * run roll-ups and, in builds that have them (issue 5), the quality processor with the built-in sync evaluators
 * on by default. `evaluation: 'off'` leaves the evaluators out; `{ evaluators: [...] }` (or any `evaluation`
 * option of `driftwatchProcessors`) is passed through, which is how further sync evaluators are added.
 * Returns the processors and the names of the sync evaluators that run.
 */
function driftwatchProcessorChain(evaluation = 'builtin') {
  const processors = require('@driftwatch/processors');
  const supportsEvaluation = processors.builtinEvaluators !== undefined;
  let options = {};
  if (evaluation === 'off' && supportsEvaluation) options = { evaluation: false };
  else if (typeof evaluation === 'object') options = { evaluation };
  const chain = processors.driftwatchProcessors(options);
  const evaluators = [];
  if (supportsEvaluation && evaluation !== 'off') {
    const custom = typeof evaluation === 'object' ? (evaluation.evaluators ?? []) : [];
    const builtins =
      typeof evaluation === 'object' && evaluation.builtins !== undefined
        ? evaluation.builtins.map((name) => processors.builtinEvaluators[name])
        : Object.values(processors.builtinEvaluators);
    for (const evaluator of [...builtins, ...custom]) {
      if (evaluator?.mode === 'sync') evaluators.push(evaluator.name);
    }
  }
  return { processors: chain, syncEvaluators: supportsEvaluation ? evaluators : undefined };
}

/** The agent-run and tool wrappers of a variant's agent scenario. */
function agentApiFor(variant) {
  if (variant.agentSpans === 'driftwatch') {
    const { tool, traceAgent } = require('@driftwatch/instrumentation');
    return { runAgent: (name, fn) => traceAgent({ name }, fn), wrapTool: (name, fn) => tool({ name }, fn) };
  }
  if (variant.agentSpans === 'manual') {
    // What a user of the peer instrumentations writes to get a run tree: two spans by hand.
    const tracer = require('@opentelemetry/api').trace.getTracer('bench-agent');
    const inSpan = (spanName, attributes, fn) =>
      tracer.startActiveSpan(spanName, { attributes }, async (span) => {
        try {
          return await fn();
        } finally {
          span.end();
        }
      });
    return {
      runAgent: (name, fn) =>
        inSpan(`invoke_agent ${name}`, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name }, fn),
      wrapTool:
        (name, fn) =>
        (...args) =>
          inSpan(`execute_tool ${name}`, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name }, () =>
            fn(...args),
          ),
    };
  }
  return { runAgent: (_name, fn) => fn(), wrapTool: (_name, fn) => fn };
}

/** Sets up `variant` in this process; returns the OpenAI client class, the telemetry and the agent wrappers. */
export async function setUpVariant(variant, { peerDefaults = false, evaluation = 'builtin' } = {}) {
  const chain = variant.processors ? driftwatchProcessorChain(evaluation) : undefined;
  const telemetry = variant.sdk
    ? (await import('./telemetry.mjs')).startTelemetry({ spanProcessors: chain?.processors ?? [] })
    : undefined;
  const packages = { openai: versionOf(variant.openai) };
  if (chain !== undefined) {
    packages['sync evaluators'] =
      chain.syncEvaluators === undefined ? 'none in this build' : chain.syncEvaluators.join(' ') || 'off';
  }
  let driftwatch;
  let peer;
  if (variant.name.startsWith('driftwatch')) {
    const { OpenAIInstrumentation } = require('@driftwatch/instrumentation');
    driftwatch = new OpenAIInstrumentation();
    driftwatch.setTracerProvider(telemetry.tracerProvider);
    driftwatch.setMeterProvider(variant.noopMeter ? NOOP_METER_PROVIDER : telemetry.meterProvider);
    packages['@driftwatch/instrumentation'] = versionOf('@driftwatch/instrumentation');
  } else if (variant.peer !== undefined) {
    peer = createPeer(variant, peerDefaults);
    peer.setTracerProvider(telemetry.tracerProvider);
    peer.setMeterProvider?.(telemetry.meterProvider);
    packages[variant.peer] = versionOf(variant.peer);
  }
  const openaiModule = require(variant.openai);
  if (driftwatch !== undefined && variant.openai !== 'openai') {
    // The module hook matches the package name `openai`; the aliased 7.x copy is patched as bundled apps do.
    if (!driftwatch.patch(openaiModule, packages.openai))
      throw new Error(`Driftwatch could not patch ${variant.openai}`);
  }
  const OpenAI = openaiModule.OpenAI ?? openaiModule.default ?? openaiModule;
  return { OpenAI, telemetry, packages, agentApi: agentApiFor(variant) };
}
