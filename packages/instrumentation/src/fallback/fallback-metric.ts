import {
  ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER,
  ATTR_DRIFTWATCH_FALLBACK_REASON,
  ATTR_DRIFTWATCH_FALLBACK_TO_PROVIDER,
  METRIC_DRIFTWATCH_LLM_FALLBACKS,
} from '@driftwatch/semconv';
import { type Counter, type MeterProvider, metrics } from '@opentelemetry/api';
import { reportInternalError } from '../internal/guard';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../internal/package-info';

/** One counter per meter provider: the global provider can be set (and replaced) after Driftwatch loads. */
const counterByProvider = new WeakMap<MeterProvider, Counter>();

function fallbackCounter(): Counter {
  const provider = metrics.getMeterProvider();
  let counter = counterByProvider.get(provider);
  if (counter === undefined) {
    counter = provider.getMeter(PACKAGE_NAME, PACKAGE_VERSION).createCounter(METRIC_DRIFTWATCH_LLM_FALLBACKS.name, {
      unit: METRIC_DRIFTWATCH_LLM_FALLBACKS.unit,
      description: METRIC_DRIFTWATCH_LLM_FALLBACKS.description,
    });
    counterByProvider.set(provider, counter);
  }
  return counter;
}

/** Counts one fallback in `driftwatch.llm.fallbacks`, by from/to provider and reason; never throws. */
export function countFallback(options: { from: string; to: string; reason: string }): void {
  try {
    fallbackCounter().add(1, {
      [ATTR_DRIFTWATCH_FALLBACK_FROM_PROVIDER]: options.from,
      [ATTR_DRIFTWATCH_FALLBACK_TO_PROVIDER]: options.to,
      [ATTR_DRIFTWATCH_FALLBACK_REASON]: options.reason,
    });
  } catch (error) {
    reportInternalError('fallback.metric', error);
  }
}
