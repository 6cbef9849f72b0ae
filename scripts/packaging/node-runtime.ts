/**
 * The pinned Node runtime of the engine for one target platform: fetched with `npm pack` from the registry
 * (never the node on the PATH), its tarball checked against the pinned integrity, the binary and its licence
 * extracted into a cache under .cache/node-runtime/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './paths';

interface PinnedRuntime {
  version: string;
  targets: Record<string, { package: string; binary: string; integrity: string }>;
}

export const RUNTIME = JSON.parse(readFileSync(join(ROOT, 'scripts', 'packaging', 'node-runtime.json'), 'utf8')) as PinnedRuntime;

export type Target = string;

/** `linux-x64`, `win32-x64`, `darwin-arm64`, … of this machine. */
export function hostTarget(): Target {
  return `${process.platform}-${process.arch}`;
}

export function isWindowsTarget(target: Target): boolean {
  return target.startsWith('win32-');
}

export interface RuntimeSpec {
  version: string;
  package: string;
  binary: string;
  integrity: string;
  /** File name inside the engine's runtime/ folder. */
  executable: string;
}

export function runtimeSpec(target: Target): RuntimeSpec {
  const spec = RUNTIME.targets[target];
  if (!spec) throw new Error(`No Node runtime is pinned for "${target}" (pinned: ${Object.keys(RUNTIME.targets).join(', ')}).`);
  return { ...spec, version: RUNTIME.version, executable: isWindowsTarget(target) ? 'node.exe' : 'node' };
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** The folder holding `node[.exe]` and `LICENSE` of the pinned runtime for `target`. */
export function ensureRuntime(target: Target, log: (line: string) => void = console.log): RuntimeSpec & { dir: string } {
  const spec = runtimeSpec(target);
  const cache = join(ROOT, '.cache', 'node-runtime');
  const dir = join(cache, `${spec.version}-${target}`);
  if (existsSync(join(dir, spec.executable)) && existsSync(join(dir, 'LICENSE'))) return { dir, ...spec };
  const download = join(cache, `download-${process.pid}`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  try {
    log(`fetching Node ${spec.version} for ${target} (${spec.package}) from the npm registry…`);
    execFileSync('npm', ['pack', `${spec.package}@${spec.version}`, '--pack-destination', download, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    const tarball = readdirSync(download).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${spec.package}@${spec.version} wrote no tarball.`);
    const actual = integrityOf(join(download, tarball));
    if (actual !== spec.integrity) {
      throw new Error(`${tarball}: integrity ${actual} differs from the pinned ${spec.integrity} (scripts/packaging/node-runtime.json); not shipping it.`);
    }
    execFileSync('tar', ['-xzf', tarball, `package/${spec.binary}`, 'package/LICENSE'], { cwd: download });
    const staging = join(download, 'runtime');
    mkdirSync(staging);
    renameSync(join(download, 'package', spec.binary), join(staging, spec.executable));
    renameSync(join(download, 'package', 'LICENSE'), join(staging, 'LICENSE'));
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  return { dir, ...spec };
}
