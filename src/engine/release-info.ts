/**
 * The release facts of the packaged engine folder (release.json, written by `npm run package:engine`): the
 * platform and the SHA-256 over every shipped file, for `trudi --version` and the About view. Running from the
 * TypeScript sources there is no release, and nothing pretends otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCurves } from 'node:crypto';
import type { EngineInfo, EngineRelease } from '../api/dto';
import { IS_BUNDLED, PROJECT_ROOT } from '../project-paths';

export function readRelease(root: string = PROJECT_ROOT, bundled: boolean = IS_BUNDLED): EngineRelease | undefined {
  if (!bundled) return undefined;
  let parsed: Partial<EngineRelease>;
  try {
    parsed = JSON.parse(readFileSync(join(root, 'release.json'), 'utf8')) as Partial<EngineRelease>;
  } catch {
    return undefined;
  }
  if (typeof parsed.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.sha256) || typeof parsed.target !== 'string') return undefined;
  return { target: parsed.target, sha256: parsed.sha256, files: Number(parsed.files) || 0 };
}

/** name and version of the app, from the package.json beside the sources or in the engine folder. */
export function readAppPackage(root: string = PROJECT_ROOT): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/** The engine's self-description: app version, runtime, OpenSSL, brainpool support, transport, release. */
export function engineInfo(transport: EngineInfo['transport']): EngineInfo {
  const { name, version } = readAppPackage();
  const release = readRelease();
  return {
    name,
    version,
    node: process.versions.node,
    openssl: process.versions.openssl ?? 'unknown',
    brainpool: getCurves().includes('brainpoolP256r1'),
    transport,
    ...(release ? { release } : {}),
  };
}
