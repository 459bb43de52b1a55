import type { MetricDefinition } from '@driftwatch/semconv';
import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** A histogram as its semconv definition describes it: name, unit, description, bucket boundaries. */
export function histogramFor(meter: Meter, definition: MetricDefinition): Histogram {
  return meter.createHistogram(definition.name, {
    unit: definition.unit,
    description: definition.description,
    advice: definition.buckets ? { explicitBucketBoundaries: [...definition.buckets] } : {},
  });
}

/** A counter as its semconv definition describes it. */
export function counterFor(meter: Meter, definition: MetricDefinition): Counter {
  return meter.createCounter(definition.name, { unit: definition.unit, description: definition.description });
}
