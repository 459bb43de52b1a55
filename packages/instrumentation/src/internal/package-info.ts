/** Reported as the instrumentation scope of every span and metric. */
export const PACKAGE_NAME = '@driftwatch/instrumentation';
export const PACKAGE_VERSION = '0.1.0';
