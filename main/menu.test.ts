import { describe, expect, it } from 'vitest';
import { engineLaunch } from './engine-launch';
import { menuTemplate, rolesOf } from './menu';
import { dropFileScript, fileArguments } from './open-file';

const actions = { open: () => undefined, print: () => undefined };

describe('menu', () => {
  it('has open, print and quit, and no reload or developer tools in an installed app', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      const production = menuTemplate({ production: true, platform, actions });
      const roles = rolesOf(production);
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
      expect(roles).not.toContain('toggleDevTools');
      const file = production.find((m) => m.label === 'Datei / File')!.submenu as { label?: string; accelerator?: string; role?: string }[];
      expect(file.map((i) => i.accelerator ?? i.role)).toEqual(['CmdOrCtrl+O', 'CmdOrCtrl+P', undefined, platform === 'darwin' ? 'close' : 'CmdOrCtrl+Q']);
    }
    expect(rolesOf(menuTemplate({ production: false, platform: 'linux', actions }))).toContain('toggleDevTools');
  });
});

describe('engine launch', () => {
  const base = { resourcesPath: '/opt/TRuDI/resources', appPath: '/repo', userData: '/home/u/.config/TRuDI', env: { PATH: '/usr/bin', NODE_OPTIONS: '--require /tmp/evil.js', TRUDI_NODE: '/usr/bin/node' } };
  it('runs the installed engine folder on its own runtime, never TRUDI_NODE or the PATH, without NODE_OPTIONS', () => {
    const launch = engineLaunch({ ...base, isPackaged: true, platform: 'win32' });
    expect(launch.nodePath).toMatch(/resources[/\\]engine[/\\]runtime[/\\]node\.exe$/);
    expect(launch.entry).toMatch(/engine[/\\]lib[/\\]sidecar\.js$/);
    expect(launch.rendererDir).toMatch(/engine[/\\]renderer$/);
    expect(launch.env.NODE_OPTIONS).toBeUndefined();
    expect(launch.env.TRUDI_HOME).toBe(base.userData);
    expect(engineLaunch({ ...base, isPackaged: true, platform: 'linux' }).nodePath).toMatch(/runtime[/\\]node$/);
  });
  it('runs the TypeScript sidecar in development', () => {
    const launch = engineLaunch({ ...base, isPackaged: false, platform: 'linux' });
    expect(launch).toMatchObject({ nodePath: '/usr/bin/node', packaged: false });
    expect(launch.entry).toMatch(/bin[/\\]engine-sidecar\.mjs$/);
  });
});

describe('opening files from outside the window', () => {
  it('takes read-out files from a command line, skipping options and other files', () => {
    expect(fileArguments(['trudi', '--inspect', 'a.XML', 'b.cms', 'c.txt', '/x/d.p7m'])).toEqual(['a.XML', 'b.cms', '/x/d.p7m']);
  });
  it('builds a drop script that carries the exact bytes and the name', () => {
    const script = dropFileScript('Zähler "1".xml', new Uint8Array([0, 255, 60]));
    expect(script).toContain(JSON.stringify('Zähler "1".xml'));
    expect(script).toContain(Buffer.from([0, 255, 60]).toString('base64'));
  });
});
