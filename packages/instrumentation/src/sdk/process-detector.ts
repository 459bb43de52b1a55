import { ATTR_PROCESS_COMMAND_ARGS } from '@driftwatch/semconv';

/** A resource detector, as `@opentelemetry/resources` 2.x and 3.x define one (structurally: no SDK import here). */
export interface ResourceDetectorLike<Config, Detected extends { attributes?: object }> {
  detect(config?: Config): Detected;
}

/**
 * `detector` without `process.command_args`: the app's command line may carry a secret (a token passed as a
 * flag), and secrets never leave the process. For the process detector of an app's own NodeSDK:
 * `resourceDetectors: [envDetector, hostDetector, osDetector, withoutCommandArguments(processDetector)]`;
 * `register` does the same.
 */
export function withoutCommandArguments<Config, Detected extends { attributes?: object }>(
  detector: ResourceDetectorLike<Config, Detected>,
): ResourceDetectorLike<Config, Detected> {
  return {
    detect(config?: Config): Detected {
      const detected = detector.detect(config);
      if (detected.attributes === undefined || !(ATTR_PROCESS_COMMAND_ARGS in detected.attributes)) return detected;
      const { [ATTR_PROCESS_COMMAND_ARGS]: _commandArguments, ...attributes } = detected.attributes as Record<
        string,
        unknown
      >;
      return { ...detected, attributes };
    },
  };
}
