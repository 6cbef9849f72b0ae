/** Where the archive lives by default: `<data dir>/archive` (see src/platform/app-dirs.ts; TRUDI_HOME moves it). */
import { join } from 'node:path';
import { appDirs } from '../platform/app-dirs';

export function defaultArchiveDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(appDirs(env).data, 'archive');
}
