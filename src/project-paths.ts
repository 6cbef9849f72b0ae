/**
 * Where the engine finds its own files, in the source tree (development, tests) and in the compiled engine
 * folder (`npm run package:engine`, shipped inside the desktop app). The compiled build defines
 * `__TRUDI_BUNDLED__`; its folder holds package.json, lib/ (the JavaScript), resources/ and renderer/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __TRUDI_BUNDLED__: boolean | undefined;

/** True inside the compiled engine (scripts/build-engine.mjs), false when running from TypeScript sources. */
export const IS_BUNDLED = typeof __TRUDI_BUNDLED__ !== 'undefined' && __TRUDI_BUNDLED__;

/** The project's root: the nearest folder above this module (source or bundle) holding package.json. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** Icons, trust anchors (test PKI) and other files shipped with the engine. */
export const RESOURCES_DIR = join(PROJECT_ROOT, 'resources');

/** The built user interface the web mode serves: out/renderer in the source tree, renderer/ in the engine folder. */
export const RENDERER_DIR = IS_BUNDLED ? join(PROJECT_ROOT, 'renderer') : join(PROJECT_ROOT, 'out', 'renderer');

/** The script a supervisor forks as the engine sidecar (TypeScript through tsx in development). */
export const SIDECAR_ENTRY = IS_BUNDLED ? join(PROJECT_ROOT, 'lib', 'sidecar.js') : join(PROJECT_ROOT, 'bin', 'engine-sidecar.mjs');
