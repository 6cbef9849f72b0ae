/**
 * Compiles the engine (TypeScript under src/) into plain JavaScript for Node ≥ 22: one ES module per process
 * entry (the CLI with the web host, the sidecar, the crypto worker) plus shared chunks, every pure-JavaScript
 * dependency bundled in, nothing of tsx, the tests or the TypeScript sources. The chunks stay beside the
 * entries so that `new URL('./verify-worker.js', import.meta.url)` finds the worker from any chunk.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

export const ENGINE_ENTRIES = {
  cli: 'src/cli/entry.ts',
  sidecar: 'src/engine/sidecar-entry.ts',
  'verify-worker': 'src/crypto/workers/verify-worker.ts',
} as const;

/** Packages that carry native code and so cannot be bundled: none. The archive uses node:sqlite on the shipped Node 22; better-sqlite3 (Node 20, development) is loaded through a computed require and never bundled. */
const NATIVE_PACKAGES: string[] = [];

export interface EngineBuild {
  /** npm packages compiled into the bundle (their licences go to THIRD-PARTY-LICENSES.txt). */
  packages: string[];
  /** Source files of src/ in the bundle, relative to the repository. */
  sources: string[];
}

/** Builds into `<outDir>/lib`. */
export async function buildEngine(outDir: string): Promise<EngineBuild> {
  const libDir = join(outDir, 'lib');
  rmSync(libDir, { recursive: true, force: true });
  mkdirSync(libDir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENGINE_ENTRIES).map(([name, path]) => [name, join(ROOT, path)])),
    outdir: libDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: NATIVE_PACKAGES,
    chunkNames: 'chunk-[hash]',
    // Bundled CommonJS packages (node-forge, …) call require() for Node built-ins.
    banner: { js: "import { createRequire as __trudiCreateRequire } from 'node:module'; const require = __trudiCreateRequire(import.meta.url);" },
    define: { __TRUDI_BUNDLED__: 'true' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const packages = new Set<string>();
  const sources: string[] = [];
  for (const input of Object.keys(result.metafile.inputs)) {
    const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (dependency) packages.add(dependency[1]!);
    else if (input.startsWith('src/')) sources.push(input);
    else throw new Error(`The engine bundle pulled in ${input}, which is neither under src/ nor a dependency.`);
    if (/\.test\.ts$|\/testing\//.test(input)) throw new Error(`The engine bundle pulled in test code: ${input}`);
  }
  for (const forbidden of ['tsx', 'esbuild', 'typescript', 'vitest']) {
    if (packages.has(forbidden)) throw new Error(`The engine bundle must not contain ${forbidden}.`);
  }
  return { packages: [...packages].sort(), sources: sources.sort() };
}

const LICENSE_FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'license.md', 'LICENCE'];

/** The licence texts of the bundled packages. */
export function thirdPartyLicenses(packages: string[]): string {
  const sections = packages.map((name) => {
    const dir = join(ROOT, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
    const file = LICENSE_FILES.map((f) => join(dir, f)).find((path) => {
      try {
        readFileSync(path);
        return true;
      } catch {
        return false;
      }
    });
    const text = file ? readFileSync(file, 'utf8').trim() : `License: ${pkg.license ?? 'unknown'}`;
    return `${name} ${pkg.version} (${pkg.license ?? 'see text'})\n${'-'.repeat(72)}\n${text}\n`;
  });
  return `Third-party software compiled into the TRuDI engine (lib/)\n\n${sections.join('\n')}`;
}
