/** The instrumentation scope of every metric the processors record. */
export const PACKAGE_NAME = '@driftwatch/processors';
export const PACKAGE_VERSION = '0.1.0';
