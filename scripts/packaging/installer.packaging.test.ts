/**
 * The installer configuration (electron-builder.ts) as electron-builder really runs it: a Linux `dir` build with a
 * stand-in Electron distribution (a file carrying Electron's fuse wire, since the real binary cannot be
 * downloaded here). It checks what an installer would ship: the app archive with the shell only (no sources,
 * no dependencies), the engine folder of the target platform from its beforePack hook, and the fuses as flipped
 * in the executable. The other platforms' targets are checked in the configuration.
 */
import { listPackage } from '@electron/asar';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Arch, Platform, build } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import config, { ENGINE_RESOURCE } from '../../electron-builder';
import { ROOT } from './paths';
import { RUNTIME } from './node-runtime';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'] as const;

/** An unpacked "Electron" for Linux whose executable carries the fuse wire (version 1, 8 fuses, Electron's defaults). */
function fakeElectronDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-fake-electron-'));
  mkdirSync(join(dir, 'resources'));
  const defaults = '10110011'; // RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, …
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in Electron: '), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(defaults), Buffer.from('\nexit 0\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), config.electronVersion ?? '');
  writeFileSync(join(dir, 'LICENSE'), 'MIT');
  return dir;
}

function fuseWire(executable: string): Record<(typeof FUSES)[number], boolean> {
  const bytes = readFileSync(executable);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  expect(bytes[at]).toBe(1);
  return Object.fromEntries(FUSES.map((name, i) => [name, bytes[at + 2 + i] === 0x31])) as Record<(typeof FUSES)[number], boolean>;
}

const built = existsSync(join(ROOT, 'out', 'main', 'index.js')) && existsSync(join(ROOT, 'out', 'preload', 'preload.cjs'));

describe('installer configuration', () => {
  it('names NSIS, dmg for x64 and arm64, AppImage and deb, an app id, icons, file associations and no publishing', () => {
    const targets = (platform: { target?: unknown } | null | undefined) => JSON.parse(JSON.stringify(platform?.target ?? []));
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(targets(config.win)).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(targets(config.mac)).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(targets(config.linux).map((t: { target: string }) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.publish).toBeNull();
    expect(existsSync(join(ROOT, String(config.icon)))).toBe(true);
    expect([config.fileAssociations].flat().map((a) => a?.ext)).toEqual(['xml', 'cms']);
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const section = { win32: config.win, darwin: config.mac, linux: config.linux }[platform];
      expect(section?.extraResources).toEqual([{ from: `dist/engines/${platform}-\${arch}`, to: ENGINE_RESOURCE, filter: ['**/*'] }]);
    }
    // Every platform the installers target has a pinned runtime.
    for (const target of ['win32-x64', 'darwin-x64', 'darwin-arm64', 'linux-x64']) expect(RUNTIME.targets[target], target).toBeDefined();
  });

  it('sets the fuses: no RunAsNode, no NODE_OPTIONS or inspect arguments, asar integrity, app only from the asar, no file:// privileges', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('the packaged app (Linux dir build with a stand-in Electron)', () => {
  let appDir: string;

  beforeAll(async () => {
    if (!built) throw new Error('The app is not built: run "npm run build" before "npm run test:packaging".');
    const output = mkdtempSync(join(tmpdir(), 'trudi-installer-'));
    await build({
      projectDir: ROOT,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      // electron-builder reads electron-builder.ts itself; these two settings are merged over it.
      config: { electronDist: fakeElectronDist(), directories: { output } },
    });
    appDir = join(output, 'linux-unpacked');
  });

  it('ships the shell alone in the app archive: no sources, no dependencies, no source maps', () => {
    const files = listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/preload/preload.cjs');
    expect(files).toContain('/package.json');
    const offending = files.filter((f) => /\.(ts|vue|map)$/.test(f) || f.startsWith('/node_modules') || f.startsWith('/src') || f.startsWith('/renderer/') || f.startsWith('/e2e'));
    expect(offending).toEqual([]);
  });

  it('ships the engine folder of the target platform, intact, with its pinned runtime', () => {
    const engine = join(appDir, 'resources', ENGINE_RESOURCE);
    const release = JSON.parse(readFileSync(join(engine, 'release.json'), 'utf8')) as { target: string; node: string };
    expect(release).toMatchObject({ target: 'linux-x64', node: RUNTIME.version });
    for (const file of ['trudi', 'runtime/node', 'lib/cli.js', 'lib/sidecar.js', 'lib/verify-worker.js', 'renderer/index.html', 'resources/trust', 'resources/report']) {
      expect(existsSync(join(engine, file)), file).toBe(true);
    }
    expect(execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: engine, encoding: 'utf8' })).toBe('');
    const sums = readFileSync(join(engine, 'SHA256SUMS'), 'utf8');
    expect(sums).not.toMatch(/\.ts$|node_modules|\.map$/m);
  });

  it('flips the fuses in the executable as configured', () => {
    expect(fuseWire(join(appDir, 'trudi-desktop'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
