import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // main/ imports `electron`, which cannot run here: its tests get the recording stand-in.
  resolve: { alias: { electron: fileURLToPath(new URL('./main/testing/fake-electron.ts', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'main/**/*.test.ts', 'renderer/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Packaging tests read the built app; `npm run test:packaging` runs them after the build.
    exclude: [...configDefaults.exclude, 'scripts/**/*.packaging.test.ts'],
    environment: 'node',
    // Style sheets read as text (`?raw`, the renderer's contrast test) keep their content; other CSS stays empty.
    css: { include: [/\.css\?raw$/] },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['src/testing/isolated-home.ts'],
  },
});
