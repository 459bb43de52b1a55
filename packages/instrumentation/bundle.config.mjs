// What `npm run build` bundles (scripts/bundle-package.mjs): the package's entry points, and what stays a dependency.
export default {
  entries: {
    index: 'src/index.ts',
    register: 'src/register.ts',
    'internal-api': 'src/internal-api.ts',
    'agent/tool-interceptor': 'src/agent/tool-interceptor.ts',
  },
  esmEntries: { 'register-esm': 'src/register-esm.mts' },
  external: [
    '@opentelemetry/api',
    '@opentelemetry/instrumentation',
    '@driftwatch/processors',
    '@driftwatch/semconv',
    'import-in-the-middle',
    'require-in-the-middle',
  ],
};
