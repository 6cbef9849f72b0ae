/**
 * electron-vite build of the three parts: main (Electron shell), a sandboxed CommonJS preload, and the
 * renderer (whose config is shared with the web mode build). Builds without an Electron binary.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';
import packageJson from './package.json';

// Where the electron package could not be installed (no binary download possible), electron-vite still
// needs the target's major version to choose the Node target: take it from our pinned dependency.
process.env.ELECTRON_MAJOR_VER ??= packageJson.optionalDependencies.electron.split('.')[0];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(__dirname, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
