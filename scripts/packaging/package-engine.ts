/**
 * `npm run package:engine [-- --target linux-x64|win32-x64|darwin-arm64|… --out DIR]`: writes the self-contained
 * engine folder (default `dist/engine/` for this machine, `dist/engines/<target>/` for another target):
 *
 *   trudi | trudi.cmd      launcher running every CLI command on the folder's own runtime
 *   runtime/node[.exe]     the pinned Node runtime (scripts/packaging/node-runtime.json), its LICENSE
 *   lib/                   the compiled engine (CLI + web host, sidecar, crypto worker), dependencies bundled in
 *   renderer/              the built user interface (`trudi serve`; the desktop window)
 *   resources/trust/       the bundled TEST roots (always labelled test)
 *   resources/report/      fonts and colour profile of the PDF report
 *   package.json, THIRD-PARTY-LICENSES.txt, SHA256SUMS, release.json
 */
import { chmodSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { uiBuildOutdated } from '../ui-build.mjs';
import { buildEngine, thirdPartyLicenses } from './build-engine';
import { POSIX_LAUNCHER, WINDOWS_LAUNCHER } from './launchers';
import { ensureRuntime, hostTarget, isWindowsTarget } from './node-runtime';
import { ROOT } from './paths';
import { writeReleaseManifest, type ReleaseInfo } from './release-manifest';

/** The folders of resources/ the engine reads at run time (icons and entitlements are the installers'). */
export const ENGINE_RESOURCES = ['trust', 'report'];

export interface PackageEngineOptions {
  target?: string;
  outDir?: string;
  log?: (line: string) => void;
}

/** `dist/engine` for this machine, `dist/engines/<target>` for the others (and for the installers). */
export function defaultEngineDir(target: string): string {
  return target === hostTarget() ? join(ROOT, 'dist', 'engine') : installerEngineDir(target);
}

/** Where electron-builder takes each platform's engine folder from (see electron-builder.ts). */
export function installerEngineDir(target: string): string {
  return join(ROOT, 'dist', 'engines', target);
}

function ensureRendererBuilt(log: (line: string) => void): string {
  const dir = join(ROOT, 'out', 'renderer');
  if (uiBuildOutdated(ROOT, ['renderer', 'src/api'])) {
    log('building the user interface (out/renderer is missing or older than its sources)…');
    execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  }
  return dir;
}

export async function packageEngine(options: PackageEngineOptions = {}): Promise<{ dir: string; release: ReleaseInfo }> {
  const log = options.log ?? console.log;
  const target = options.target ?? hostTarget();
  const outDir = options.outDir ?? defaultEngineDir(target);
  const staging = `${outDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  const runtime = ensureRuntime(target, log);
  const rendererDir = ensureRendererBuilt(log);
  const { packages } = await buildEngine(staging);

  mkdirSync(join(staging, 'runtime'));
  cpSync(join(runtime.dir, runtime.executable), join(staging, 'runtime', runtime.executable));
  cpSync(join(runtime.dir, 'LICENSE'), join(staging, 'runtime', 'LICENSE'));
  cpSync(rendererDir, join(staging, 'renderer'), { recursive: true });
  for (const folder of ENGINE_RESOURCES) cpSync(join(ROOT, 'resources', folder), join(staging, 'resources', folder), { recursive: true });

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; description: string; license: string };
  const enginePackage = { name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, private: true, type: 'module' };
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify(enginePackage, null, 2)}\n`);
  writeFileSync(join(staging, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(packages));
  if (isWindowsTarget(target)) {
    writeFileSync(join(staging, 'trudi.cmd'), WINDOWS_LAUNCHER);
  } else {
    writeFileSync(join(staging, 'trudi'), POSIX_LAUNCHER);
    chmodSync(join(staging, 'trudi'), 0o755);
    chmodSync(join(staging, 'runtime', runtime.executable), 0o755);
  }
  const release = writeReleaseManifest(staging, { name: pkg.name, version: pkg.version, target, node: runtime.version });

  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  const megabytes = (release.bytes / 1024 / 1024).toFixed(1);
  log(`engine folder ${relative(ROOT, outDir) || outDir}: ${target}, Node ${runtime.version}, ${release.files} files, ${megabytes} MB, SHA-256 ${release.sha256}`);
  return { dir: outDir, release };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' } } });
  await packageEngine({ target: values.target, outDir: values.out });
}
