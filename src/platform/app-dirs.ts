/**
 * Where the engine keeps what outlives a run: the user's configuration (trust store, gateway profiles) and
 * data (archive, logs). One place decides it for every layer; callers pass the directories down.
 *
 * `TRUDI_HOME` overrides everything (`$TRUDI_HOME/config`, `$TRUDI_HOME/data`): the desktop shell sets it to
 * Electron's userData folder, tests set it to a temporary folder so they never touch the real home.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AppDirs {
  /** Small settings the user made: trust store, gateway profiles, confirmed fingerprints. */
  config: string;
  /** What the engine keeps: the archive, caches. */
  data: string;
  /** The engine's rotated log files. */
  logs: string;
}

const APP_FOLDER = 'TRuDI';

export function appDirs(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): AppDirs {
  const root = env.TRUDI_HOME;
  if (root) return { config: join(root, 'config'), data: join(root, 'data'), logs: join(root, 'data', 'logs') };
  if (platform === 'win32') {
    const roaming = env.APPDATA ?? join(home, 'AppData', 'Roaming');
    const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    return { config: join(roaming, APP_FOLDER), data: join(local, APP_FOLDER), logs: join(local, APP_FOLDER, 'logs') };
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support', APP_FOLDER);
    return { config: support, data: support, logs: join(home, 'Library', 'Logs', APP_FOLDER) };
  }
  const config = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'trudi');
  const data = join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'trudi');
  return { config, data, logs: join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'trudi', 'logs') };
}
