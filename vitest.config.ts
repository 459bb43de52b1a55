import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'grafana/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The workspace packages' built files load as Node loads them for a user (one instance of each module, shared
    // by a test's imports and the packages' own requires), not transformed by vitest.
    server: { deps: { external: [/\/packages\/[^/]+\/dist\//] } },
    reporters: ['default'],
  },
});
