/**
 * main/ wired against the fake `electron` module (main/testing/fake-electron.ts): the real shell code with the
 * real engine sidecar, its IPC handler, sender checks, app:// protocol, single instance, renderer and engine
 * crash handling, and the download and navigation guards.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeIpcError } from '../src/api/ipc-error';
import { PROJECT_ROOT } from '../src/project-paths';
import { unsignedSample } from '../src/han/testing/fixtures';
import { startSimulator } from '../src/simulator/gateway/server';
import { CALL_CHANNEL, PROGRESS_CHANNEL } from './preload-api';
import { BrowserWindow, fake, safeStorage } from './testing/fake-electron';
import { MIN_WINDOW_SIZE } from './window';

const logged: string[] = [];
const trusted = () => {
  const mainFrame = { url: 'app://trudi/index.html' };
  return { senderFrame: mainFrame, sender: { mainFrame } };
};
async function until<T>(probe: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log:\n${logged.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const call = (method: string, ...args: unknown[]) => fake.handlers.get(CALL_CHANNEL)!(trusted(), method, args);

beforeAll(async () => {
  const appPath = mkdtempSync(join(tmpdir(), 'trudi-shell-'));
  symlinkSync(join(PROJECT_ROOT, 'bin'), join(appPath, 'bin'));
  mkdirSync(join(appPath, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(appPath, 'out', 'renderer', 'index.html'), '<!doctype html><div id="app"></div>');
  fake.app.appPath = appPath;
  fake.app.userData = join(appPath, 'user-data');
  process.env.TRUDI_NODE = process.execPath;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (logged.push(String(chunk)), true));
  await import('./index');
  await fake.app.ready();
  await until(() => fake.protocols.get('app') && fake.menus.length > 0, 'the shell to be ready');
});

afterAll(async () => {
  fake.app.emit('will-quit');
  await new Promise((r) => setTimeout(r, 300));
  vi.restoreAllMocks();
});

function mainWindow() {
  return BrowserWindow.all[0]!;
}

describe('the Electron shell (fake electron, real engine)', () => {
  it('takes the single-instance lock, sandboxes every renderer and registers app:// as a secure scheme', () => {
    expect(fake.app.lockRequests).toBe(1);
    expect(fake.app.sandbox).toBe(true);
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('opens one window with a minimum size and the secure preferences, loading the app origin', () => {
    const win = mainWindow();
    expect(win.options).toMatchObject({ minWidth: MIN_WINDOW_SIZE.width, minHeight: MIN_WINDOW_SIZE.height, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win.urls).toEqual(['app://trudi/index.html']);
  });

  it('serves the renderer folder over app:// with the CSP, and nothing outside it', async () => {
    const handler = fake.protocols.get('app')!;
    const page = await handler(new Request('app://trudi/index.html'));
    expect(await page.text()).toContain('<div id="app">');
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect((await handler(new Request('app://trudi/..%2f..%2fetc/passwd'))).status).toBe(404);
  });

  it('relays the contract to the engine sidecar (transport ipc) and encodes engine errors with every field', async () => {
    const info = (await call('getEngineInfo')) as { transport: string; brainpool: boolean };
    expect(info).toMatchObject({ transport: 'ipc', brainpool: true });
    const demo = (await call('openDemo', { operationId: 'shell-demo' })) as { readoutId: string };
    expect(mainWindow().webContents.sent.some(([channel, event]) => channel === PROGRESS_CHANNEL && (event as { operationId: string }).operationId === 'shell-demo')).toBe(true);
    const failure = await (call('getSeries', { readoutId: 'nope', resolution: 'day' }) as Promise<unknown>).catch((e: Error) => e);
    expect(decodeIpcError((failure as Error).message)).toMatchObject({ code: 'UNKNOWN_READOUT' });
    expect(demo.readoutId).toBeTruthy();
  });

  it('refuses calls from other frames and unknown methods', async () => {
    const handler = fake.handlers.get(CALL_CHANNEL)!;
    const sub = { senderFrame: { url: 'app://trudi/index.html' }, sender: { mainFrame: { url: 'app://trudi/index.html' } } };
    const foreign = { senderFrame: { url: 'https://evil.example/' }, sender: { mainFrame: { url: 'x' } } };
    foreign.sender.mainFrame = foreign.senderFrame;
    for (const [event, method, code] of [[sub, 'getEngineInfo', 'FORBIDDEN_SENDER'], [foreign, 'getEngineInfo', 'FORBIDDEN_SENDER'], [trusted(), 'constructor', 'UNKNOWN_METHOD']] as const) {
      const error = await (handler(event, method, []) as Promise<unknown>).catch((e: Error) => e);
      expect(decodeIpcError((error as Error).message)?.code).toBe(code);
    }
  });

  it('a second start focuses the window and opens its file argument the way a dropped file opens', async () => {
    const file = join(fake.app.userData, 'second.xml');
    mkdirSync(fake.app.userData, { recursive: true });
    writeFileSync(file, '<xml/>');
    fake.app.emit('second-instance', {}, ['trudi', '--flag', file, 'ignored.txt']);
    const win = mainWindow();
    expect(win.focused).toBe(1);
    const script = await until(() => win.webContents.scripts.find((s) => s.includes('second.xml')), 'the drop script');
    expect(script).toContain("new DragEvent('drop'");
  });

  it('reloads the window after a renderer crash, not after a clean exit', () => {
    const win = mainWindow();
    const before = win.urls.length;
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(win.urls.length).toBe(before + 1);
  });

  it('refuses downloads the app did not make and navigation away from the app', () => {
    const win = mainWindow();
    const refused = { preventDefault: vi.fn() };
    const item = (url: string) => ({ getURL: () => url, getFilename: () => 'x.csv', setSaveDialogOptions: vi.fn() });
    win.webContents.session.emit('will-download', refused, item('https://evil.example/x.exe'));
    expect(refused.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    const ownItem = item('blob:app://trudi/0c7d');
    win.webContents.session.emit('will-download', own, ownItem);
    expect(own.preventDefault).not.toHaveBeenCalled();
    expect(ownItem.setSaveDialogOptions).toHaveBeenCalled();
    const navigation = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', navigation, 'https://example.com/');
    expect(navigation.preventDefault).toHaveBeenCalled();
  });

  it('keeps a profile secret in the OS keychain (safeStorage in main, asked by the engine) and reads the gateway with it', { timeout: 120_000 }, async () => {
    const sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678') });
    try {
      const before = { encrypted: safeStorage.encrypted, decrypted: safeStorage.decrypted };
      const profile = (await call('saveGatewayProfile', { name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', pin: sim.fingerprint, storeSecret: true, secret: 'secret' })) as { id: string; secretIn: string };
      expect(profile.secretIn).toBe('keychain');
      expect(safeStorage.encrypted).toBe(before.encrypted + 1);
      const file = readFileSync(join(process.env.TRUDI_HOME ?? fake.app.userData, 'config', 'gateways.json'), 'utf8');
      const kept = (JSON.parse(file) as { profiles: { id: string; secret?: { kind: string; data: string } }[] }).profiles.find((p) => p.id === profile.id)!;
      expect(kept.secret?.kind).toBe('os-keychain');
      expect(Buffer.from(kept.secret!.data, 'base64').toString('latin1')).not.toContain('secret');
      const read = (await call('readGateway', { profileId: profile.id })) as { gatewayId: string };
      expect(read.gatewayId).toBe('EEMH0012345678');
      expect(safeStorage.decrypted).toBe(before.decrypted + 1);
      // Without a usable keychain (Linux with only basic_text) the engine says so instead of storing the secret weakly.
      safeStorage.backend = 'basic_text';
      const refused = await (call('saveGatewayProfile', { name: 'Schwach', host: sim.host, port: sim.port, user: 'u', storeSecret: true, secret: 'secret' }) as Promise<unknown>).catch((e: Error) => e);
      expect(decodeIpcError((refused as Error).message)).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    } finally {
      safeStorage.backend = 'gnome_libsecret';
      await sim.close();
    }
  });

  it('restarts a crashed engine and reloads the window so the UI talks to the new engine', async () => {
    const win = mainWindow();
    const pid = Number(/engine started pid=(\d+)/.exec(logged.join(''))?.[1]);
    expect(pid).toBeGreaterThan(0);
    const loadsBefore = win.urls.length;
    process.kill(pid, 'SIGKILL');
    await until(() => win.urls.length > loadsBefore, 'the window reload after the engine restart');
    expect(logged.join('')).toMatch(/engine started pid=\d+ code=- restarts=1/);
    expect(await call('getEngineInfo')).toMatchObject({ transport: 'ipc' });
  });
});
