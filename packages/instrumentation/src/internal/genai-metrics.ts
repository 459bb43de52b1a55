import { counterFor, histogramFor } from '@driftwatch/processors/internal';
import {
  ATTR_DRIFTWATCH_COMPONENT,
  ATTR_DRIFTWATCH_DROP_REASON,
  METRIC_DRIFTWATCH_TELEMETRY_DROPPED,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@driftwatch/semconv';
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { setDroppedListener } from './guard';

/** The GenAI client instruments of the conventions, plus Driftwatch's own dropped-telemetry counter. */
export class GenAIMetrics {
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly telemetryDropped: Counter;

  constructor(meter: Meter) {
    this.tokenUsage = histogramFor(meter, METRIC_GEN_AI_CLIENT_TOKEN_USAGE);
    this.operationDuration = histogramFor(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
    this.timeToFirstChunk = histogramFor(meter, METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK);
    this.telemetryDropped = counterFor(meter, METRIC_DRIFTWATCH_TELEMETRY_DROPPED);
    const counter = this.telemetryDropped;
    setDroppedListener((component, reason) => {
      const attributes: Attributes = { [ATTR_DRIFTWATCH_COMPONENT]: component, [ATTR_DRIFTWATCH_DROP_REASON]: reason };
      counter.add(1, attributes);
    });
  }
}
