/**
 * The release manifest of a packaged engine folder: SHA256SUMS lists every shipped file with its SHA-256
 * (the format of `sha256sum`, so anyone can run `sha256sum -c SHA256SUMS` in the folder), and the folder's
 * own hash is the SHA-256 of that list. release.json carries it with the version, for `trudi --version` and
 * the About view; the published value is the same hash, so a user can compare.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const SUMS_FILE = 'SHA256SUMS';
export const RELEASE_FILE = 'release.json';

export interface ReleaseInfo {
  name: string;
  version: string;
  /** The platform the folder was packaged for, e.g. `linux-x64`. */
  target: string;
  /** Version of the bundled Node runtime. */
  node: string;
  /** SHA-256 (hex) of SHA256SUMS, i.e. over every shipped file. */
  sha256: string;
  files: number;
  bytes: number;
}

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path, root);
    return [relative(root, path).split(sep).join('/')];
  });
}

/** `<hex>  <path>` lines for every file of `dir` but the manifest itself, sorted by path. */
export function sumsOf(dir: string): { text: string; files: number; bytes: number } {
  const files = listFiles(dir)
    .filter((path) => path !== SUMS_FILE && path !== RELEASE_FILE)
    .sort();
  let bytes = 0;
  const lines = files.map((path) => {
    const content = readFileSync(join(dir, path));
    bytes += statSync(join(dir, path)).size;
    return `${createHash('sha256').update(content).digest('hex')}  ${path}\n`;
  });
  return { text: lines.join(''), files: files.length, bytes };
}

export function writeReleaseManifest(dir: string, info: Omit<ReleaseInfo, 'sha256' | 'files' | 'bytes'>): ReleaseInfo {
  const sums = sumsOf(dir);
  writeFileSync(join(dir, SUMS_FILE), sums.text);
  const release: ReleaseInfo = { ...info, sha256: createHash('sha256').update(sums.text).digest('hex'), files: sums.files, bytes: sums.bytes };
  writeFileSync(join(dir, RELEASE_FILE), `${JSON.stringify(release, null, 2)}\n`);
  return release;
}
