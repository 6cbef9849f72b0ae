import { describe, expect, it } from 'vitest';
import { appDirs } from './app-dirs';

describe('appDirs', () => {
  it('puts everything under TRUDI_HOME when it is set, on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(appDirs({ TRUDI_HOME: '/tmp/t' }, platform, '/home/u')).toEqual({ config: '/tmp/t/config', data: '/tmp/t/data', logs: '/tmp/t/data/logs' });
    }
  });

  it('follows the XDG folders on Linux, with their defaults', () => {
    expect(appDirs({}, 'linux', '/home/u')).toEqual({
      config: '/home/u/.config/trudi',
      data: '/home/u/.local/share/trudi',
      logs: '/home/u/.local/state/trudi/logs',
    });
    expect(appDirs({ XDG_CONFIG_HOME: '/c', XDG_DATA_HOME: '/d', XDG_STATE_HOME: '/s' }, 'linux', '/home/u')).toEqual({
      config: '/c/trudi',
      data: '/d/trudi',
      logs: '/s/trudi/logs',
    });
  });

  it('uses the roaming profile for settings and the local one for data on Windows', () => {
    const dirs = appDirs({ APPDATA: 'C:\\U\\AppData\\Roaming', LOCALAPPDATA: 'C:\\U\\AppData\\Local' }, 'win32', 'C:\\U');
    expect(dirs.config).toContain('Roaming');
    expect(dirs.config).toContain('TRuDI');
    expect(dirs.data).toContain('Local');
  });

  it('uses Application Support and Logs on macOS', () => {
    expect(appDirs({}, 'darwin', '/Users/u')).toEqual({
      config: '/Users/u/Library/Application Support/TRuDI',
      data: '/Users/u/Library/Application Support/TRuDI',
      logs: '/Users/u/Library/Logs/TRuDI',
    });
  });
});
