import { diag } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv } from '@opentelemetry/core';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';

function ratio(): number {
  const value = getNumberFromEnv('OTEL_TRACES_SAMPLER_ARG');
  if (value === undefined) return 1;
  if (value >= 0 && value <= 1) return value;
  diag.warn(`@driftwatch/instrumentation: OTEL_TRACES_SAMPLER_ARG=${value} is not within [0, 1]; using 1`);
  return 1;
}

/** The sampler `OTEL_TRACES_SAMPLER`/`OTEL_TRACES_SAMPLER_ARG` ask for, read the way NodeSDK reads them. */
function samplerFromEnvironment(): Sampler {
  const name = getStringFromEnv('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    default:
      diag.warn(`@driftwatch/instrumentation: unsupported OTEL_TRACES_SAMPLER "${name}"; using parentbased_always_on`);
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * The environment's sampler, with spans it drops still recorded (not exported): head sampling then thins the
 * traces that leave the process, while the processors still see every LLM call, so cost, drift, fill, roll-ups
 * and quality metrics stay exact at any sampling rate.
 */
export function recordingSampler(): Sampler {
  return createAlwaysRecordSampler(samplerFromEnvironment());
}
