/**
 * Where an engine without an archive keeps the original bytes of the files opened: one file per read-out in
 * a private temporary folder `trudi-originals-XXXXXX` (0700, files 0600), created on first use, a file removed
 * when its read-out is closed and the whole folder when the engine shuts down.
 *
 * An engine that crashes cannot remove its folder, so each folder records its owner: the pid (`owner.pid`,
 * the pid alone, as engines before the start identity wrote it and read it) and, where the platform tells it,
 * the process's start identity (`owner.start`, see process-identity.ts). `sweepStaleOriginalsFolders` (run
 * at engine start) removes the folders whose owner is gone: its pid runs no process, or the process running
 * under it now is another one (a reused pid). It never removes the folder of an engine that is still running:
 * whatever cannot be told for certain is kept.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeOriginal, type OriginalBytes } from './original-bytes';
import { isOtherProcess, processIdentity } from './process-identity';

const PREFIX = 'trudi-originals-';
/** Exactly what mkdtemp makes of PREFIX: other folders that merely start alike are not ours. */
const FOLDER_NAME = /^trudi-originals-[A-Za-z0-9]{6}$/;
const OWNER_FILE = 'owner.pid';
const OWNER_START_FILE = 'owner.start';
/**
 * A folder without an owner record (made before owners were recorded) is only removed when nothing was
 * written into it for this long: no engine of the current version leaves one behind.
 */
const UNOWNED_STALE_MS = 24 * 60 * 60 * 1000;

export class OriginalsFolder {
  private dir: string | undefined;

  store(readoutId: string, bytes: Uint8Array): OriginalBytes {
    this.dir ??= createOriginalsFolder();
    return storeOriginal(this.pathOf(readoutId), bytes);
  }

  remove(readoutId: string): void {
    if (this.dir) rmSync(this.pathOf(readoutId), { force: true });
  }

  clear(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private pathOf(readoutId: string): string {
    return join(this.dir!, `${readoutId.replace(/[^A-Za-z0-9-]/g, '_')}.original`);
  }
}

/** A new private folder in the OS temp directory that names this process as its owner. */
export function createOriginalsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`, { mode: 0o600 });
  const identity = processIdentity(process.pid);
  if (identity !== undefined) writeFileSync(join(dir, OWNER_START_FILE), `${identity}\n`, { mode: 0o600 });
  return dir;
}

export interface SweepOptions {
  /** The temp directory to sweep (default: the OS temp directory). */
  tmp?: string;
  now?: number;
}

export interface SweptFolder {
  path: string;
  /** The owner that is gone; undefined: a folder without an owner record, untouched for a day. */
  pid?: number;
  /** Set when the pid runs again, but as another process than the one that made the folder. */
  pidReused?: true;
}

/**
 * Removes the originals folders in the temp directory whose owning process no longer runs: its pid is free,
 * or (where the folder records the owner's start identity) held by another process now. Kept: folders of
 * live processes (also of other users, and pids this process may not signal), folders whose owner's pid runs
 * and whose start identity is missing or cannot be compared (macOS, Windows, an unreadable record), other
 * users' folders, anything that is not a plain folder of that exact name. Errors on one folder do not stop the sweep.
 */
export function sweepStaleOriginalsFolders(options: SweepOptions = {}): SweptFolder[] {
  const tmp = options.tmp ?? tmpdir();
  const now = options.now ?? Date.now();
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return [];
  }
  const swept: SweptFolder[] = [];
  for (const name of names) {
    if (!FOLDER_NAME.test(name)) continue;
    const path = join(tmp, name);
    try {
      const stats = lstatSync(path);
      if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) continue;
      const pid = ownerOf(path);
      let pidReused = false;
      if (pid === undefined) {
        if (now - stats.mtimeMs < UNOWNED_STALE_MS) continue;
      } else if (pid === process.pid || isRunning(pid)) {
        const recorded = recordedStart(path);
        if (recorded === undefined || !isOtherProcess(pid, recorded)) continue;
        pidReused = true;
      }
      rmSync(path, { recursive: true, force: true });
      swept.push(pid === undefined ? { path } : { path, pid, ...(pidReused ? { pidReused: true as const } : {}) });
    } catch {
      // removed meanwhile by its owner or another sweep, or not ours to read: leave it
    }
  }
  return swept;
}

function ownerOf(dir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, OWNER_FILE), 'latin1');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** The owner's start identity, when the folder records one (engines before it recorded only the pid). */
function recordedStart(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, OWNER_START_FILE), 'latin1');
  } catch {
    return undefined;
  }
}

/** Signal 0 only asks whether the process exists; EPERM means it does, but belongs to someone else. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
