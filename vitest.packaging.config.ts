import { defineConfig } from 'vitest/config';

// The installer configuration run through electron-builder against a stand-in Electron: needs `npm run build`
// (out/main, out/preload, out/renderer) first, so `npm test` runs it after the build (npm run test:packaging).
export default defineConfig({
  test: {
    include: ['scripts/**/*.packaging.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    setupFiles: ['src/testing/isolated-home.ts'],
  },
});
