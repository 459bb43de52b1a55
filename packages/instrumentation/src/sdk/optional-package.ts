import { createRequire } from 'node:module';

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
  throw new Error(`this setting needs ${packageName}: npm install ${packageName}`);
}

function safeResolve(packageName: string): string | undefined {
  try {
    return require.resolve(packageName);
  } catch {
    return undefined;
  }
}
