import { diag } from '@opentelemetry/api';
import { getStringListFromEnv } from '@opentelemetry/core';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  type Resource,
  type ResourceDetector,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { withoutCommandArguments } from './process-detector';

/** The process detector without `process.command_args` (see `withoutCommandArguments`). */
const processDetectorWithoutArguments: ResourceDetector = withoutCommandArguments(processDetector);

const DETECTORS: ReadonlyMap<string, ResourceDetector> = new Map([
  ['host', hostDetector],
  ['os', osDetector],
  ['serviceinstance', serviceInstanceIdDetector],
  ['process', processDetectorWithoutArguments],
  ['env', envDetector],
]);

/** The detectors `OTEL_NODE_RESOURCE_DETECTORS` names (all by default), as NodeSDK picks them. */
function detectorsFromEnvironment(): ResourceDetector[] {
  const names = getStringListFromEnv('OTEL_NODE_RESOURCE_DETECTORS');
  if (names === undefined || names.includes('all')) return [...DETECTORS.values()];
  if (names.includes('none')) return [];
  return names.flatMap((name) => {
    const detector = DETECTORS.get(name);
    if (detector === undefined) {
      diag.warn(`@driftwatch/instrumentation: unknown resource detector "${name}" in OTEL_NODE_RESOURCE_DETECTORS`);
    }
    return detector === undefined ? [] : [detector];
  });
}

/**
 * The process's resource, as NodeSDK builds it: the SDK's defaults merged with what the detectors find, among them
 * `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` (the `env` detector).
 */
export function resourceFromEnvironment(): Resource {
  return defaultResource().merge(detectResources({ detectors: detectorsFromEnvironment() }));
}
