import { getStringListFromEnv } from '@opentelemetry/core';
import { reportSetupError } from './optional-package';

/** The setting a user changed to get an exporter, for a message about it (only gRPC needs a package for OTLP). */
export function exportSetting(variable: string, name: string): string {
  return name === 'otlp' ? 'OTLP export over gRPC' : `${variable}=${name}`;
}

/**
 * What an exporter-list variable (`OTEL_METRICS_EXPORTER`, `OTEL_LOGS_EXPORTER`) asks for, as NodeSDK reads it:
 * `otlp` when unset, nothing with `none`, one component per other name (`create` warns about a name it does not
 * know and returns undefined). A component that fails to build is reported and left out.
 */
export function componentsFromExporterList<T>(variable: string, create: (name: string) => T | undefined): T[] {
  const names = [...new Set(getStringListFromEnv(variable) ?? [])].filter((name) => name !== '');
  if (names.includes('none')) return [];
  const components: T[] = [];
  for (const name of names.length === 0 ? ['otlp'] : names) {
    try {
      const component = create(name);
      if (component !== undefined) components.push(component);
    } catch (error) {
      reportSetupError(`exporter.${variable}.${name}`, exportSetting(variable, name), error);
    }
  }
  return components;
}
