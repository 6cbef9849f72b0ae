/**
 * The folders of originals a crashed engine leaves in the temp directory: real engine processes (one killed
 * with SIGKILL, one alive) in a private TMPDIR; the next engine start (the desktop's sidecar) removes the
 * dead one's folder and keeps the live one's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SidecarClient } from '../engine/sidecar-client';
import { PROJECT_ROOT } from '../project-paths';
import { createOriginalsFolder, sweepStaleOriginalsFolders } from './original-bytes-folder';
import { processIdentity, startTicksFromStat } from './process-identity';

const linux = process.platform === 'linux';
const bootIdFile = '/proc/sys/kernel/random/boot_id';

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
    // Where the OS tells it, each engine records its own start identity beside its pid.
    if (linux) expect(readFileSync(join(live.folder, 'owner.start'), 'latin1').trim()).toBe(processIdentity(live.child.pid!));
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
      expect(readdirSync(dir).sort()).toEqual(linux ? ['owner.pid', 'owner.start'] : ['owner.pid']);
      expect(readFileSync(join(dir, 'owner.pid'), 'latin1')).toBe(`${process.pid}\n`);
      expect(sweepStaleOriginalsFolders({ now: Date.now() + 48 * 3600_000 })).toEqual([]);
      expect(existsSync(dir)).toBe(true);
    } finally {
      process.env.TMPDIR = previous;
    }
  });
});

/** A real process that only waits: its pid is live, and it is not an engine. */
async function waitingProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("up"); setInterval(() => {}, 1e9)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code, signal) => reject(new Error(`the waiting process exited (${code ?? signal})`)));
  });
  return child;
}

describe.skipIf(!linux)('a reused pid (Linux: the owner start identity from /proc; elsewhere only the pid is recorded)', () => {
  it('removes a folder whose pid now runs another process, and keeps every folder whose owner may still be the one running', async () => {
    const other = await waitingProcess();
    const pid = other.pid!;
    const identity = processIdentity(pid)!;
    expect(identity).toMatch(/^linux \S+ \d+$/);
    const [, boot, start] = identity.split(' ');
    const dir = mkdtempSync(join(root, 'reused-'));
    let n = 0;
    const folder = (owner: number, start?: string) => {
      const path = join(dir, `trudi-originals-${String(n++).padStart(6, 'r')}`);
      mkdirSync(path);
      writeFileSync(join(path, 'owner.pid'), `${owner}\n`);
      writeFileSync(join(path, 'data.original'), 'the bytes of a read-out');
      if (start !== undefined) writeFileSync(join(path, 'owner.start'), `${start}\n`);
      return path;
    };
    // An engine that had this pid before the waiting process got it: same pid, earlier start.
    const reusedPid = folder(pid, `linux ${boot} ${BigInt(start!) - 1n}`);
    // An engine of an earlier boot: whoever holds the pid now is another process.
    const earlierBoot = folder(pid, `linux 00000000-0000-4000-8000-000000000000 ${start}`);
    // This very process's pid, recorded by an earlier holder of it.
    const ownPidReused = folder(process.pid, `linux ${boot} ${BigInt(processIdentity(process.pid)!.split(' ')[2]!) - 1n}`);
    // Kept: the owner is the running process, or it cannot be told.
    const sameProcess = folder(pid, identity);
    const pidOnly = folder(pid);
    const unreadable = folder(pid, 'not an identity');
    const otherPlatform = folder(pid, `darwin ${boot} 1`);
    const ownFolder = folder(process.pid, processIdentity(process.pid));

    const swept = sweepStaleOriginalsFolders({ tmp: dir });
    expect(swept.map((s) => s.path).sort()).toEqual([reusedPid, earlierBoot, ownPidReused].sort());
    expect(swept.every((s) => s.pidReused === true)).toBe(true);
    for (const kept of [sameProcess, pidOnly, unreadable, otherPlatform, ownFolder]) expect(readdirSync(kept)).toContain('data.original');

    // Once the waiting process has ended, its pid is free: its folders go, whatever they record.
    const exited = new Promise((resolve) => other.once('exit', resolve));
    other.kill('SIGKILL');
    await exited;
    const after = sweepStaleOriginalsFolders({ tmp: dir });
    expect(after.map((s) => s.path).sort()).toEqual([sameProcess, pidOnly, unreadable, otherPlatform].sort());
    expect(after.some((s) => s.pidReused)).toBe(false);
    expect(existsSync(ownFolder)).toBe(true);
  });

  it('reads the start time after the last ")" of the command name and the boot id of this boot', () => {
    const fields = (comm: string) => `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615`;
    expect(startTicksFromStat(fields('node'))).toBe('987654');
    expect(startTicksFromStat(fields('a) (b c) 7'))).toBe('987654');
    expect(startTicksFromStat('4242 node S 1')).toBeUndefined();
    expect(startTicksFromStat('4242 (node) S 1 2 3')).toBeUndefined();
    expect(processIdentity(process.pid)!.split(' ')[1]).toBe(readFileSync(bootIdFile, 'latin1').trim());
    expect(processIdentity(process.pid)).toBe(processIdentity(process.pid));
  });
});
