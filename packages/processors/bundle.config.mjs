// What `npm run build` bundles (scripts/bundle-package.mjs): the package's entry points, and what stays a dependency.
export default {
  entries: { index: 'src/index.ts', 'internal-api': 'src/internal-api.ts' },
  external: ['@opentelemetry/api', '@opentelemetry/sdk-trace', '@driftwatch/semconv'],
};
