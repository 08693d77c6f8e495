import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // `node bin/exolab.js` in tests runs the TypeScript sources, never the start-up bundle
    // (test/source/bundle.test.ts builds and checks that one itself).
    env: { EXOLAB_SOURCES: '1' },
  },
});
