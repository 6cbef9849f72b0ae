#!/usr/bin/env node
// Type-checks the Electron shell (main/) where the electron package and its typings are installed.
// Its Electron-free parts (security guards, preload builder) are always checked by the root tsconfig.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
try {
  require.resolve('electron/electron.d.ts');
} catch {
  console.log('typecheck main/: skipped for the Electron-bound files: the electron package is not installed (its binary cannot be downloaded on this machine); security.ts and preload-api.ts were checked with the root tsconfig.');
  process.exit(0);
}
const result = spawnSync('npx', ['tsc', '-p', 'main/tsconfig.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
