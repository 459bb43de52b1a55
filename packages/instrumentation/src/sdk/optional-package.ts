import { createRequire } from 'node:module';
import { reportInternalError } from '../internal/guard';
import { announce } from './announce';

/**
 * Loads a package only a non-default setting needs (gRPC and Zipkin exporters, the Prometheus reader, B3
 * propagation): from the app's or Driftwatch's own dependencies, else from those of `@opentelemetry/sdk-node` when
 * it is installed. Throws, naming the package to install, when none has it.
 */
export function loadOptionalPackage<T>(packageName: string): T {
  try {
    return require(packageName) as T;
  } catch {
    // Not a direct dependency: look further.
  }
  for (const base of [`${process.cwd()}/package.json`, safeResolve('@opentelemetry/sdk-node')]) {
    if (base === undefined) continue;
    try {
      return createRequire(base)(packageName) as T;
    } catch {
      // Not there either.
    }
  }
  throw new MissingPackageError(packageName);
}

/** A setting needs a package that is not installed: said once, whatever the log level (see `reportSetupError`). */
export class MissingPackageError extends Error {
  readonly packageName: string;

  constructor(packageName: string) {
    super(`this setting needs ${packageName}: npm install ${packageName}`);
    this.name = 'MissingPackageError';
    this.packageName = packageName;
  }
}

/**
 * Reports an export component that could not be built: a missing package is announced (console unless
 * `OTEL_LOG_LEVEL` is set: otherwise that signal's telemetry would vanish in silence), anything else is an
 * internal error reported through `diag`.
 */
export function reportSetupError(component: string, setting: string, error: unknown): void {
  if (error instanceof MissingPackageError) {
    announce(
      `setup.${error.packageName}`,
      `${setting} needs ${error.packageName}, which is not installed, so it is left out: npm install ${error.packageName}`,
    );
    return;
  }
  reportInternalError(component, error);
}

function safeResolve(packageName: string): string | undefined {
  try {
    return require.resolve(packageName);
  } catch {
    return undefined;
  }
}
