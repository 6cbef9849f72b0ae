/**
 * Vite config of the renderer. Used by `npm run build:renderer` and imported by electron.config.ts for its
 * renderer section, so it is a plain config object. The output must run under the strict CSP of both the
 * Electron custom protocol and the web mode (script-src 'self'; style-src 'self'): no inline scripts or
 * styles, no eval, relative asset base.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  base: './',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // Chromium supports modulepreload natively; the polyfill is not needed.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into scripts; small images as data: are allowed by img-src.
    assetsInlineLimit: 0,
    // Explicit, because electron-vite turns minification off unless asked.
    minify: true,
    cssMinify: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // The renderer imports the contract types and API_METHODS from ../src/api.
    fs: { allow: [projectRoot] },
  },
};

export default rendererConfig;
