/**
 * The folders of originals a crashed engine leaves in the temp directory: real engine processes (one killed
 * with SIGKILL, one alive) in a private TMPDIR; the next engine start (the desktop's sidecar) removes the
 * dead one's folder and keeps the live one's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SidecarClient } from '../engine/sidecar-client';
import { PROJECT_ROOT } from '../project-paths';
import { createOriginalsFolder, sweepStaleOriginalsFolders } from './original-bytes-folder';

const root = mkdtempSync(join(tmpdir(), 'trudi-sweep-test-'));
const tmp = join(root, 'tmp');
mkdirSync(tmp);
const env = { ...process.env, TMPDIR: tmp, TRUDI_HOME: join(root, 'home') };
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

const originalsFolders = () => readdirSync(tmp).filter((name) => name.startsWith('trudi-originals-')).sort();

/** Starts an engine without an archive that opened a file; resolves with its folder of originals. */
async function engineWithOriginals(): Promise<{ child: ChildProcess; folder: string }> {
  const before = new Set(originalsFolders());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/engine/testing/engine-without-archive.ts'], { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      if (out.includes(`ready ${child.pid}`)) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`engine exited (${code ?? signal}) before it was ready: ${out}`)));
  });
  const created = originalsFolders().filter((name) => !before.has(name));
  expect(created).toHaveLength(1);
  const folder = join(tmp, created[0]!);
  expect(readdirSync(folder).some((name) => name.endsWith('.original'))).toBe(true);
  return { child, folder };
}

describe('folders of originals left by crashed engines', () => {
  it('the next engine start removes the folder of an engine killed with SIGKILL and keeps that of a live engine', async () => {
    const killed = await engineWithOriginals();
    const live = await engineWithOriginals();
    const exited = new Promise((resolve) => killed.child.once('exit', resolve));
    killed.child.kill('SIGKILL');
    await exited;
    expect(existsSync(killed.folder)).toBe(true); // nobody cleaned up

    const sidecar = new SidecarClient({ nodePath: process.execPath, env, maxRestarts: 0 });
    try {
      expect((await sidecar.api.getEngineInfo()).transport).toBe('ipc');
    } finally {
      await sidecar.stop();
    }
    expect(existsSync(killed.folder)).toBe(false);
    expect(existsSync(live.folder)).toBe(true);
    expect(readdirSync(live.folder).some((name) => name.endsWith('.original'))).toBe(true);

    // the live engine still removes its own folder when it shuts down
    const ended = new Promise((resolve) => live.child.once('exit', resolve));
    live.child.stdin!.end();
    await ended;
    expect(existsSync(live.folder)).toBe(false);
  });

  it('leaves alone what is not a stale folder of originals', () => {
    const dir = mkdtempSync(join(root, 'rules-'));
    const now = Date.now();
    const dayAgo = new Date(now - 25 * 3600_000);
    const folder = (name: string, owner?: string, old = false) => {
      const path = join(dir, name);
      mkdirSync(path);
      if (owner !== undefined) writeFileSync(join(path, 'owner.pid'), owner);
      if (old) utimesSync(path, dayAgo, dayAgo);
      return path;
    };
    const mine = folder('trudi-originals-aaaaaa', `${process.pid}\n`, true);
    const unownedFresh = folder('trudi-originals-bbbbbb');
    const unownedOld = folder('trudi-originals-cccccc', undefined, true);
    const lookalike = folder('trudi-originals-test-dddddd', '999999999', true);
    const garbageOwnerOld = folder('trudi-originals-eeeeee', 'not a pid', true);
    const dead = folder('trudi-originals-ffffff', '999999999');
    writeFileSync(join(dir, 'trudi-originals-gggggg'), 'a file, not a folder');
    symlinkSync(dead, join(dir, 'trudi-originals-hhhhhh'));

    const swept = sweepStaleOriginalsFolders({ tmp: dir, now });
    expect(swept.map((s) => s.path).sort()).toEqual([unownedOld, garbageOwnerOld, dead].sort());
    expect(swept.find((s) => s.path === dead)?.pid).toBe(999999999);
    for (const kept of [mine, unownedFresh, lookalike]) expect(existsSync(kept)).toBe(true);
    expect(existsSync(join(dir, 'trudi-originals-gggggg'))).toBe(true);
    expect(sweepStaleOriginalsFolders({ tmp: join(dir, 'missing') })).toEqual([]);
  });

  it('a new folder is private and names this process as its owner', () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = mkdtempSync(join(root, 'own-'));
    try {
      const dir = createOriginalsFolder();
      expect(readdirSync(dir)).toEqual(['owner.pid']);
      expect(sweepStaleOriginalsFolders({ now: Date.now() + 48 * 3600_000 })).toEqual([]);
      expect(existsSync(dir)).toBe(true);
    } finally {
      process.env.TMPDIR = previous;
    }
  });
});
